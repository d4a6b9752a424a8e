import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs `executable` with `arguments` (standard streams on /dev/null) and returns
/// its exit status and its peak resident memory (`ru_maxrss` from `wait4`).
private func peakMemory(_ executable: String, _ arguments: [String]) throws -> (status: Int32, bytes: Int) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid = pid_t()
    let started = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard started == 0 else { throw POSIXError(POSIXErrorCode(rawValue: started) ?? .EIO) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    return ((status >> 8) & 0xff, Int(usage.ru_maxrss) * 1024)
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

    @Test func hugeOutputAndResultsKeepTheHostBounded() throws {
        let harness = try WorkflowHarness()
        let binary = try pyexecBinary().path
        func run(_ code: String) throws -> Int {
            let (status, bytes) = try peakMemory(binary, [
                "run", "-c", code, "--yes", "--json", "--isolation", "in-process", "--data-dir", harness.root.path,
            ])
            #expect(status == 0, "pyexec exited with \(status)")
            return bytes
        }
        let baseline = try run("results = {'values': [1]}")
        let peak = try run(Self.huge)
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
