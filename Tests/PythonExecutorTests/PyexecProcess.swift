import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import PythonExecutor

/// What a finished `pyexec` process left.
struct PyexecRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `pyexec` binary (it sits next to the test bundle) and captures its output.
///
/// Standard input is written, and standard error read, on threads of their own while
/// standard output is read here, so a child that fills one pipe before it reads or
/// writes another never deadlocks the test.
func pyexec(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> PyexecRun {
    try await pyexec(arguments, input: stdin.map { Data($0.utf8) }, environment: environment)
}

/// ``pyexec(_:stdin:environment:)`` with standard input as bytes; `environment` adds to this process's variables.
/// The waiting happens off the cooperative threads (``offThePool(_:)``).
func pyexec(_ arguments: [String], input: Data?, environment: [String: String] = [:]) async throws -> PyexecRun {
    try await offThePool { try pyexecBlocking(arguments, input: input, environment: environment) }
}

private func pyexecBlocking(_ arguments: [String], input: Data?, environment: [String: String]) throws -> PyexecRun {
    let binary = try pyexecBinary()
    // A child that exits before reading its input must not kill the test process.
    signal(SIGPIPE, SIG_IGN)
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let out = Pipe(), err = Pipe(), stdinPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdinPipe
    try process.run()
    let done = DispatchGroup()
    let stderrBox = DataBox()
    DispatchQueue.global().async(group: done) {
        // Writing stops at the first error: a child that stopped reading closed the pipe.
        if let input { try? stdinPipe.fileHandleForWriting.write(contentsOf: input) }
        try? stdinPipe.fileHandleForWriting.close()
    }
    DispatchQueue.global().async(group: done) { stderrBox.data = err.fileHandleForReading.readDataToEndOfFile() }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    done.wait()
    process.waitUntilExit()
    return PyexecRun(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
        stderr: String(decoding: stderrBox.data, as: UTF8.self))
}

/// The built `pyexec` binary (it sits next to the test bundle); the test approval key is set up first.
func pyexecBinary() throws -> URL {
    TestApprovalKey.install()
    let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let binary = folder.appendingPathComponent("pyexec")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        throw PythonExecutorError.configuration("pyexec is not built at \(binary.path)")
    }
    return binary
}

/// Bytes handed from a reading thread to the waiting one (the group's wait orders the accesses).
private final class DataBox: @unchecked Sendable {
    var data = Data()
}

/// Points the approval key at a file of this test process (`PYEXEC_APPROVAL_KEY_FILE`),
/// for the services in it and the `pyexec` processes it starts.
enum TestApprovalKey {
    static let path = FileManager.default.temporaryDirectory.appendingPathComponent("pyexec-test-key-\(getpid())/approval.key").path

    private static let installed: Void = { setenv(ApprovalKey.environmentVariable, path, 1) }()

    /// Sets the variable (once).
    static func install() { installed }
}
