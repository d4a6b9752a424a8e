@testable import PyEmbed
import CPythonShim
import Foundation
import Testing

@Suite("Choosing and reporting the Python environment")
struct EnvironmentTests {
    @Test func reportsWhatPythonItselfSees() throws {
        let runtime = try python()
        let environment = runtime.environment
        let facts = try runtime.withGIL { gil in
            try gil.run("import sys, numpy\nx = (sys.version.split()[0], sys.prefix, sys.base_prefix, numpy.__file__)")
                .variable("x", gil)!.decodeTuple(String.self, String.self, String.self, String.self)
        }
        #expect(environment.version == facts.0)
        #expect(environment.version.hasPrefix("\(PY_MAJOR_VERSION).\(PY_MINOR_VERSION)."))
        #expect(environment.prefix == facts.1)
        #expect(environment.basePrefix == facts.2)
        #expect(environment.sitePackages.contains { facts.3.hasPrefix($0) }, "numpy comes from a reported site-packages folder")
        if let venv = environment.venvPath {
            #expect(URL(fileURLWithPath: venv).standardizedFileURL.path == URL(fileURLWithPath: environment.prefix).standardizedFileURL.path)
            #expect(environment.source != .system)
        }
    }

    @Test func startingAgainReturnsTheSameRuntime() throws {
        let first = try PythonRuntime.start()
        #expect(try PythonRuntime.start() === first)
        #expect(try PythonRuntime.shared === first)
    }

    @Test func askingForAnotherEnvironmentLaterIsAnError() throws {
        _ = try python()
        #expect {
            try PythonRuntime.start(.venv("/nonexistent/venv"))
        } throws: { error in
            guard case PyEmbedError.alreadyStarted = error else { return false }
            return "\(error)".contains("starts once per process")
        }
    }

    @Test func precedenceIsExplicitThenPyembedThenVirtualEnvThenLocalThenSystem() throws {
        let root = try TemporaryVenvs()
        let explicitVenv = try root.venv("explicit"), pyembed = try root.venv("pyembed"), virtual = try root.venv("virtual")
        _ = try root.venv("project/.venv")
        let project = root.path("project")
        let all = ["PYEMBED_VENV": pyembed, "VIRTUAL_ENV": virtual]

        var locator = EnvironmentLocator(variables: all, currentDirectory: project)
        #expect(try locator.locate(.venv(explicitVenv)).0 == .explicit)
        #expect(try locator.locate(.automatic) == (.pyembedVenvVariable, pyembed, pyembed + "/bin/python3"))
        locator.variables = ["VIRTUAL_ENV": virtual]
        #expect(try locator.locate(.automatic).venv == virtual)
        #expect(try locator.locate(.automatic).0 == .virtualEnvVariable)
        locator.variables = [:]
        #expect(try locator.locate(.automatic).0 == .localVenv)
        #expect(try locator.locate(.automatic).program == project + "/.venv/bin/python3")
        locator.currentDirectory = root.path("")
        #expect(try locator.locate(.automatic).0 == .system)
        #expect(try locator.locate(.system).program == nil)
    }

    @Test func badVenvsAreClearErrors() throws {
        let root = try TemporaryVenvs()
        let locator = EnvironmentLocator(variables: ["PYEMBED_VENV": root.path("missing")], currentDirectory: root.path(""))
        #expect {
            try locator.locate(.automatic)
        } throws: { "\($0)".contains("PYEMBED_VENV") && "\($0)".contains("not a virtual environment") }

        let old = try root.venv("old", version: "2.7.18")
        #expect {
            try EnvironmentLocator(variables: [:]).locate(.venv(old))
        } throws: { "\($0)".contains("made with Python 2.7.18") }

        let noBinary = try root.venv("nobin", binary: false)
        #expect {
            try EnvironmentLocator(variables: [:]).locate(.venv(noBinary))
        } throws: { "\($0)".contains("no bin/python3") }
    }
}

/// Folders that look like virtual environments (a `pyvenv.cfg` and `bin/python3`), removed afterwards.
private final class TemporaryVenvs {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("pyembed-venvs-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func path(_ relative: String) -> String {
        relative.isEmpty ? root.path : root.appendingPathComponent(relative).path
    }

    func venv(_ relative: String, version: String = "\(PY_MAJOR_VERSION).\(PY_MINOR_VERSION).9", binary: Bool = true) throws -> String {
        let folder = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try "home = /usr/bin\nversion = \(version)\n".write(to: folder.appendingPathComponent("pyvenv.cfg"), atomically: true, encoding: .utf8)
        if binary {
            _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("bin/python3").path, contents: Data())
        }
        return folder.path
    }
}
