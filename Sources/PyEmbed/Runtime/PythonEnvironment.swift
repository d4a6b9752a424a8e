import CPythonShim
import Foundation

/// The Python installation the runtime started from, as Python itself reports it.
public struct PythonEnvironment: Sendable, Hashable {
    /// How the environment was chosen.
    public enum Source: Sendable, Hashable {
        /// The path given to ``PythonRuntime/start(_:)``.
        case explicit
        /// The `PYEMBED_VENV` environment variable.
        case pyembedVenvVariable
        /// The `VIRTUAL_ENV` environment variable (an activated venv).
        case virtualEnvVariable
        /// `.venv` in the current directory.
        case localVenv
        /// No virtual environment: the interpreter libpython belongs to.
        case system
    }

    /// How the environment was chosen.
    public var source: Source
    /// The virtual environment's folder, when one is used.
    public var venvPath: String?
    /// The interpreter version, e.g. `3.11.2`.
    public var version: String
    /// `sys.prefix`: the venv folder, or the installation prefix.
    public var prefix: String
    /// `sys.base_prefix`: the installation the venv was made from.
    public var basePrefix: String
    /// `sys.executable`.
    public var executable: String
    /// The folders packages are imported from (`site.getsitepackages()`).
    public var sitePackages: [String]
}

/// Which environment to start Python in.
public enum EnvironmentRequest: Sendable, Hashable {
    /// In order: `PYEMBED_VENV`, then `VIRTUAL_ENV`, then `./.venv`, else the system.
    case automatic
    /// This virtual environment folder (one that holds `pyvenv.cfg`).
    case venv(String)
    /// The system interpreter, ignoring any virtual environment.
    case system
}

/// Finds the virtual environment to start from and checks that it matches libpython.
struct EnvironmentLocator {
    var variables: [String: String] = ProcessInfo.processInfo.environment
    var currentDirectory: String = FileManager.default.currentDirectoryPath

    /// The chosen source, venv folder and the interpreter path to hand to `PyConfig.program_name`.
    func locate(_ request: EnvironmentRequest) throws(PyEmbedError) -> (PythonEnvironment.Source, venv: String?, program: String?) {
        switch request {
        case .system:
            return (.system, nil, nil)
        case let .venv(path):
            return (.explicit, path, try program(inVenv: path, namedBy: "the requested venv"))
        case .automatic:
            if let path = variables["PYEMBED_VENV"], !path.isEmpty {
                return (.pyembedVenvVariable, path, try program(inVenv: path, namedBy: "PYEMBED_VENV"))
            }
            if let path = variables["VIRTUAL_ENV"], !path.isEmpty {
                return (.virtualEnvVariable, path, try program(inVenv: path, namedBy: "VIRTUAL_ENV"))
            }
            let local = (currentDirectory as NSString).appendingPathComponent(".venv")
            if FileManager.default.fileExists(atPath: (local as NSString).appendingPathComponent("pyvenv.cfg")) {
                return (.localVenv, local, try program(inVenv: local, namedBy: "./.venv"))
            }
            return (.system, nil, nil)
        }
    }

    /// The venv's `bin/python3`, after checking its `pyvenv.cfg` names our Python version.
    private func program(inVenv path: String, namedBy origin: String) throws(PyEmbedError) -> String {
        let folder = URL(fileURLWithPath: path).standardizedFileURL.path
        let configPath = (folder as NSString).appendingPathComponent("pyvenv.cfg")
        guard let config = try? String(contentsOfFile: configPath, encoding: .utf8) else {
            throw .startup("\(origin) points at \(folder), which is not a virtual environment (no readable pyvenv.cfg)")
        }
        let linked = "\(PY_MAJOR_VERSION).\(PY_MINOR_VERSION)"
        if let version = Self.value(of: "version", in: config) ?? Self.value(of: "version_info", in: config),
           !(version == linked || version.hasPrefix(linked + ".")) {
            throw .startup("\(origin) at \(folder) was made with Python \(version), but PyEmbed links libpython \(linked); recreate it with python\(linked) -m venv")
        }
        for name in ["python3", "python", "python\(linked)"] {
            let candidate = (folder as NSString).appendingPathComponent("bin/\(name)")
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        throw .startup("\(origin) at \(folder) has no bin/python3")
    }

    private static func value(of key: String, in config: String) -> String? {
        for line in config.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == key { return parts[1] }
        }
        return nil
    }
}
