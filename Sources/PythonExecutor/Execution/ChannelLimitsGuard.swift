import Foundation
import PyEmbed

/// The Python that runs next to generated code, and how the service sets it up.
///
/// `pyexec_limits` (the limits database, its checks, `ChannelLimitsViolationError`
/// and the guard around pyepics' write primitives) and `pyexec_runtime` (the
/// run-time API `read_channel`/`write_channel`/`write_channels`/`configure_from_context`,
/// also importable as `osprey.runtime`, its connectors, and the `context` object) are
/// `.py` resources of this target. They are installed, and configured with the
/// service's ``Settings``, in the process tier's warm worker (its prelude: a guard
/// that cannot be set up stops the worker, so no run can write) and in this process
/// for the in-process tier (before each run, as part of making its `context`).
enum ChannelLimitsGuard {
    /// The violation class, qualified as exceptions name their type; registered in each
    /// tier's interpreter once `pyexec_limits` is installed, so a violation is recognised
    /// by the class object's identity (``PythonException/recognisedClasses``), never by this name.
    static let violationType = "pyexec_limits.ChannelLimitsViolationError"
    /// The line of a violation's message that carries its fields as JSON.
    static let fieldsMarker = "pyexec-violation-fields: "

    static let limitsSource = String(decoding: PackageResources.pyexec_limits_py, as: UTF8.self)
    static let runtimeSource = String(decoding: PackageResources.pyexec_runtime_py, as: UTF8.self)

    /// What the Python side is configured with (`pyexec_runtime.install`), as JSON.
    struct Settings: Encodable, Sendable, Hashable {
        struct Limits: Encodable, Sendable, Hashable {
            /// The parsed database as JSON text: channel → fields (`defaults` already applied).
            var channelsJSON: String
            var allowUnlistedChannels: Bool
            var onViolation: String
            enum CodingKeys: String, CodingKey {
                case channelsJSON = "channels_json", allowUnlistedChannels = "allow_unlisted_channels", onViolation = "on_violation"
            }
        }
        struct Verification: Encodable, Sendable, Hashable {
            var defaultLevel: String
            var defaultTolerancePercent: Double
            enum CodingKeys: String, CodingKey { case defaultLevel = "default_level", defaultTolerancePercent = "default_tolerance_percent" }
        }
        struct EpicsConnector: Encodable, Sendable, Hashable { var timeout: Double }
        var type: String
        var writesEnabled: Bool
        var limits: Limits?
        var verification: Verification
        var connector: [String: EpicsConnector]
        var environment: [String: String]
        /// Folders put first on `sys.path` (``ExecutorConfiguration/projectSourcePath``).
        var pythonPath: [String] = []

        enum CodingKeys: String, CodingKey {
            case type, writesEnabled = "writes_enabled", limits, verification, connector, environment, pythonPath = "python_path"
        }

        /// The settings as JSON text.
        var json: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
        }
    }

    /// Python code that registers `pyexec_limits` and `pyexec_runtime` in `sys.modules`
    /// (once per process); the sources travel base64-encoded, so no text in them can break out.
    static var installation: String { installation(adding: []) }

    /// ``installation`` followed by more modules, each `(name, source)`, installed the same way.
    static func installation(adding modules: [(name: String, source: String)]) -> String {
        let all = [("pyexec_limits", limitsSource), ("pyexec_runtime", runtimeSource)] + modules
        let calls = all.map { "_pyexec_install(\"\($0.0)\", \"\(Data($0.1.utf8).base64EncodedString())\")" }.joined(separator: "\n")
        return """
        import sys, types, base64, _imp
        def _pyexec_install(name, encoded):
            # Under the import lock: a module is in sys.modules only once its code has run.
            _imp.acquire_lock()
            try:
                if name not in sys.modules:
                    module = types.ModuleType(name)
                    module.__file__ = "<" + name + ">"
                    exec(compile(base64.b64decode(encoded).decode("utf-8"), "<" + name + ">", "exec"), module.__dict__)
                    sys.modules[name] = module
            finally:
                _imp.release_lock()
        \(calls)
        del _pyexec_install
        """
    }

    /// The process tier's input adapter: makes each run's `context` a `pyexec_runtime.Context`.
    static let inputAdapter = "pyexec_runtime.adapt_inputs"

    /// The process tier's worker prelude: installs the modules and configures them with `settings`.
    static func prelude(_ settings: Settings) -> String {
        installation + """

        import json as _json
        sys.modules["pyexec_runtime"].install(_json.loads(base64.b64decode("\(Data(settings.json.utf8).base64EncodedString())").decode("utf-8")))
        del _json
        """
    }

    /// The settings for `configuration`, with the limits database read and checked.
    ///
    /// - Throws: ``PythonExecutorError/configuration(_:)`` when limits checking is enabled
    ///   without a database, or the database is missing, not JSON, or has an invalid entry.
    static func settings(for configuration: ExecutorConfiguration, runtime: PythonRuntime) throws(PythonExecutorError) -> Settings {
        let control = configuration.controlSystem
        var limits: Settings.Limits?
        if control.limitsChecking.enabled {
            guard let path = control.limitsChecking.databasePath, !path.isEmpty else {
                throw .configuration("control_system.limits_checking.database_path is required when limits checking is enabled")
            }
            let resolved = resolve(path, projectRoot: configuration.projectRoot)
            limits = Settings.Limits(
                channelsJSON: try loadDatabase(resolved, runtime: runtime), allowUnlistedChannels: control.limitsChecking.allowUnlistedChannels,
                onViolation: control.limitsChecking.onViolation.rawValue)
        }
        return Settings(
            type: control.type, writesEnabled: control.writesEnabled, limits: limits,
            verification: .init(defaultLevel: control.writeVerification.defaultLevel, defaultTolerancePercent: control.writeVerification.defaultTolerancePercent),
            connector: ["epics": .init(timeout: control.connector.epicsTimeout)], environment: control.connector.epicsEnvironment,
            pythonPath: configuration.projectSourcePath.map { [$0] } ?? [])
    }

    /// `path` with `~` expanded, relative to `projectRoot` (else the working directory).
    static func resolve(_ path: String, projectRoot: String?) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        let base = projectRoot.map { ($0 as NSString).expandingTildeInPath } ?? FileManager.default.currentDirectoryPath
        return URL(fileURLWithPath: base).appendingPathComponent(expanded).standardizedFileURL.path
    }

    /// Reads the database at `path` with `pyexec_limits.load_database` in this process's interpreter.
    static func loadDatabase(_ path: String, runtime: PythonRuntime) throws(PythonExecutorError) -> String {
        do {
            let text = try runtime.withGIL { gil throws(PyEmbedError) -> String in
                _ = try gil.run(installation)
                let output = try gil.run(
                    "import json, pyexec_limits\nchannels = json.dumps(pyexec_limits.load_database(path)['channels'])", inputs: ["path": path])
                return try output.value("channels", as: String.self, gil)
            }
            return text
        } catch let PyEmbedError.exception(exception) {
            throw .configuration("control_system.limits_checking.database_path: \(exception.message)")
        } catch {
            throw .configuration("control_system.limits_checking.database_path: the database could not be read: \(error)")
        }
    }

    /// The violation carried by a `ChannelLimitsViolationError`'s message; when the
    /// message has no fields line (raised by hand with other text), its text is the reason.
    static func violation(in exception: PythonException) -> ChannelLimitsViolation {
        if let line = exception.message.split(separator: "\n").last(where: { $0.hasPrefix(fieldsMarker) }),
           let violation = try? JSONDecoder().decode(ChannelLimitsViolation.self, from: Data(line.dropFirst(fieldsMarker.count).utf8)) {
            return violation
        }
        return ChannelLimitsViolation(channel: "unknown", attemptedValue: nil, violationType: "unknown", reason: exception.message)
    }
}
