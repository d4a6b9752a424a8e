import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing

/// The helper that runs child processes in tests (``runProcess(_:_:directory:)``).
@Suite("runProcess")
struct RunProcessTests {
    /// A child that writes a megabyte to stderr before anything to stdout: read one pipe
    /// to its end before the other and the child blocks on the full stderr pipe (64 KB) forever.
    @Test func aChildThatFillsStandardErrorFirstIsReadCompletely() throws {
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
        // On a thread of its own, so that a deadlock fails this test (its child is then killed) instead of hanging the suite.
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            outcome.run.withLock { $0 = try? runProcess(TestIOC.python, ["-c", script, pidFile]) }
            done.signal()
        }
        if done.wait(timeout: .now() + 180) == .timedOut {
            if let pid = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap({ pid_t($0) }) { kill(pid, SIGKILL) }
            done.wait()
            Issue.record("runProcess did not return in 180 s: it blocked on one pipe while the child filled the other")
            return
        }
        let run = try #require(outcome.run.withLock { $0 }, "the child could not be started")
        #expect(run.status == 0, "\(run.stderr.prefix(500))")
        #expect(run.stderr.utf8.count == 1 << 20 && run.stderr.allSatisfy { $0 == "e" }, "stderr: \(run.stderr.utf8.count) bytes")
        #expect(run.stdout.utf8.count == 1 << 20 && run.stdout.allSatisfy { $0 == "o" }, "stdout: \(run.stdout.utf8.count) bytes")
    }

    /// What the thread running the child hands back.
    private final class Outcome: Sendable {
        let run = Mutex<(status: Int32, stdout: String, stderr: String)?>(nil)
    }
}
