import Foundation
import Testing

/// The Python the package ships next to its Swift — PyEmbed's conversion helpers, the
/// worker's input adapter, the service's analyser, guard, run-time API and kernel
/// encoder — is plain `.py` files, each compiled into its target (`.embedInCode`).
@Suite("Python helper sources")
struct HelperSourceTests {
    static let sources = TestIOC.repository.appendingPathComponent("Sources")

    /// Every `Sources/TARGET/Python/*.py`, as a path relative to `Sources`.
    static func helperFiles() throws -> [String] {
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources.path)
        return try targets.sorted().flatMap { target -> [String] in
            let folder = sources.appendingPathComponent(target).appendingPathComponent("Python")
            guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".py") }.sorted()
                .map { "\(target)/Python/\($0)" }
        }
    }

    @Test func everyHelperCompilesWithPythonsOwnCompiler() async throws {
        let files = try Self.helperFiles()
        #expect(files.count >= 14, "found \(files)")
        // py_compile exits non-zero and names the file for a syntax error (checked below with a broken copy).
        // Its bytecode goes to a folder of its own: a __pycache__ in Sources would make SwiftPM warn.
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("pycache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let compile = ["-X", "pycache_prefix=\(cache.path)", "-m", "py_compile"]
        let run = try await runProcess(TestIOC.python, compile + files.map { Self.sources.appendingPathComponent($0).path })
        #expect(run.status == 0, "\(run.stderr)")
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).py")
        defer { try? FileManager.default.removeItem(at: broken) }
        try "def broken(:\n    pass\n".write(to: broken, atomically: true, encoding: .utf8)
        #expect(try await runProcess(TestIOC.python, compile + [broken.path]).status != 0)
    }

    @Test func everyHelperIsCompiledIntoItsTarget() throws {
        let manifest = try String(contentsOf: TestIOC.repository.appendingPathComponent("Package.swift"), encoding: .utf8)
        for file in try Self.helperFiles() {
            let relative = file.split(separator: "/").dropFirst().joined(separator: "/")
            #expect(manifest.contains(".embedInCode(\"\(relative)\")"), "\(file) is not embedded by Package.swift")
        }
        // No helper module is a Swift string literal any more.
        let swiftFiles = FileManager.default.enumerator(atPath: Self.sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        for file in swiftFiles {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("HelperModule(name:") || !text.contains("source: \""), "\(file) builds a helper from a string literal")
            #expect(!text.contains("#\"\"\"\nimport ") && !text.contains("#\"\"\"\ndef "), "\(file) holds Python in a raw string literal")
        }
    }
}
