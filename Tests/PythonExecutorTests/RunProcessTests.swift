import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The helper that runs child processes in tests (``runProcess(_:_:directory:)``).
@Suite("runProcess")
struct RunProcessTests {
    /// A child that writes a megabyte to stderr before anything to stdout: read one pipe
    /// to its end before the other and the child blocks on the full stderr pipe (64 KB) forever.
    @Test func aChildThatFillsStandardErrorFirstIsReadCompletely() async throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("run-process-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let script = """
            import os, sys
            with open(sys.argv[1], 'w') as f:
                f.write(str(os.getpid()))
            sys.stderr.write('e' * 2**20)
            sys.stderr.flush()
            sys.stdout.write('o' * 2**20)
            """
        // A deadlock must fail this test, not hang the suite: after 180 s the child is killed, which ends the read.
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(180))
            guard !Task.isCancelled else { return false }
            if let pid = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap({ pid_t($0) }) { kill(pid, SIGKILL) }
            return true
        }
        let run = try await runProcess(TestIOC.python, ["-c", script, pidFile])
        watchdog.cancel()
        if await watchdog.value {
            Issue.record("runProcess did not return in 180 s: it blocked on one pipe while the child filled the other")
            return
        }
        #expect(run.status == 0, "\(run.stderr.prefix(500))")
        #expect(run.stderr.utf8.count == 1 << 20 && run.stderr.allSatisfy { $0 == "e" }, "stderr: \(run.stderr.utf8.count) bytes")
        #expect(run.stdout.utf8.count == 1 << 20 && run.stdout.allSatisfy { $0 == "o" }, "stdout: \(run.stdout.utf8.count) bytes")
    }
}
