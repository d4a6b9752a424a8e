import Foundation
import Testing
@testable import PythonExecutor

/// Runs `executable` with `arguments` (standard streams on /dev/null) and returns
/// its exit status and its peak resident memory.
///
/// A small Python parent starts it and reports `RUSAGE_CHILDREN`'s `ru_maxrss`:
/// a process started straight from this (large) test process would report at
/// least this process's size, because Linux carries the resident high-water
/// mark of the address space that calls `exec` into the new program's figure.
private func peakMemory(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, bytes: Int) {
    try await offThePool { try peakMemoryBlocking(executable, arguments) }
}

private func peakMemoryBlocking(_ executable: String, _ arguments: [String]) throws -> (status: Int32, bytes: Int) {
    let measure = """
        import resource, subprocess, sys
        status = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        print(status, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        """
    let process = Process()
    process.executableURL = TestIOC.repository.appendingPathComponent(".venv/bin/python")
    process.arguments = ["-c", measure, executable] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()  // two numbers: no pipe can fill
    process.waitUntilExit()
    let fields = String(decoding: data, as: UTF8.self).split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    guard fields.count == 2 else { throw PythonExecutorError.configuration("the measurement printed \(String(decoding: data, as: UTF8.self))") }
    return (Int32(fields[0]), fields[1] * 1024)
}

/// A run that prints 200 MB and returns a million-element list, in `pyexec`'s
/// own process (the in-process tier): its peak memory stays near that of a
/// trivial run, because output is capped as it is written and results are
/// summarised, not printed in full.
@Suite("Host memory in the in-process tier")
struct HostMemoryTests {
    static let huge = """
    import sys
    chunk = 'x' * (1 << 20)
    for i in range(200):
        sys.stdout.write('%08d' % i + chunk)
    results = {'values': list(range(1_000_000))}
    """

    @Test func hugeOutputAndResultsKeepTheHostBounded() async throws {
        let harness = try WorkflowHarness()
        let binary = try pyexecBinary().path
        func run(_ code: String) async throws -> Int {
            let (status, bytes) = try await peakMemory(binary, [
                "run", "-c", code, "--yes", "--json", "--isolation", "in-process", "--data-dir", harness.root.path,
            ])
            #expect(status == 0, "pyexec exited with \(status)")
            return bytes
        }
        let baseline = try await run("results = {'values': [1]}")
        let peak = try await run(Self.huge)
        let growth = peak - baseline
        print("in-process run printing 200 MB and returning 1M ints: peak RSS \(peak >> 20) MiB, a trivial run \(baseline >> 20) MiB, growth \(growth >> 20) MiB")
        // Keeping the output alone would take 200 MB in Python, again in Swift, and again in the metadata file's encoding.
        #expect(growth < 300 << 20, "the host grew by \(growth >> 20) MiB")

        let metadataFiles = try FileManager.default.subpathsOfDirectory(atPath: harness.root.path).filter { $0.hasSuffix("execution_metadata.json") }
        var truncated = false
        for file in metadataFiles {
            let data = try #require(FileManager.default.contents(atPath: harness.root.path + "/" + file))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            if let stdout = object["stdout"] as? String, stdout.contains("[output truncated: 209716800 characters written") {
                truncated = true
                #expect(stdout.utf8.count < 5 << 20)
            }
        }
        #expect(truncated, "the run's metadata shows the truncation note with the total")
    }
}
