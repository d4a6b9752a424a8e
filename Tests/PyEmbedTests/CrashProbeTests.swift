import Foundation
import Testing

/// Runs `pyembed-crashprobe SCENARIO` (built next to the test bundle) and checks
/// that it ended normally and printed an answer that starts with `prefix` (and
/// contains `text`, when given).
private func expectAnswer(
    _ scenario: String, startingWith prefix: String, containing text: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pyembed-crashprobe")
    try #require(FileManager.default.isExecutableFile(atPath: binary.path), "pyembed-crashprobe is not built at \(binary.path)")
    let process = Process()
    process.executableURL = binary
    process.arguments = [scenario]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let shown = String(output.prefix(300))
    #expect(process.terminationReason == .exit && process.terminationStatus == 0,
            "the probe died (status \(process.terminationStatus)): \(shown)", sourceLocation: sourceLocation)
    #expect(output.hasPrefix(prefix), "\(shown)", sourceLocation: sourceLocation)
    if let text { #expect(output.contains(text), "\(shown)", sourceLocation: sourceLocation) }
}

/// Plain Python that used to kill the host. Each scenario runs in a child process
/// (`pyembed-crashprobe`, a test-only executable), so a regression fails the test
/// instead of ending the test runner: swift-testing cannot fork the runner itself.
@Suite("Python that used to crash the host")
struct CrashProbeTests {
    @Test func aBrokenTracebackModuleStillGivesTheException() throws {
        try expectAnswer("walk-tb-none", startingWith: "error: ZeroDivisionError: division by zero")
    }

    @Test func aTracebackThatCannotBeFormattedGivesAPlainMessage() throws {
        try expectAnswer("format-exception-none", startingWith: "error: ZeroDivisionError")
    }

    @Test func anExceptionHoldingADeepListIsDescribed() throws {
        try expectAnswer("deep-exception", startingWith: "error: ValueError", containing: "RecursionError")
    }

    @Test func theReprOfADeepListDoesNotOverflowTheStack() throws {
        try expectAnswer("deep-repr", startingWith: "value: <repr() failed: ", containing: "RecursionError")
    }

    @Test func aReprThatRaisesTheLimitDoesNotUnguardTheNextOne() throws {
        try expectAnswer("deep-repr-after-raise", startingWith: "value: [raised, <repr() failed: ", containing: "RecursionError")
    }
}
