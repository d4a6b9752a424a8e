import Foundation
import PyEmbedProcess
import Testing

/// Runs that attack their worker or the host's view of them (found by review; each failed before its fix).
@Suite("worker pool: hostile runs")
struct WorkerHostileTests {
    @Test func aStoppedWorkerCannotHoldARunPastItsDeadline() async throws {
        let pool = WorkerPool()
        defer { pool.shutDown() }
        try await pool.start()
        let zygote = try #require(pool.workerProcessID)
        defer { kill(zygote, SIGKILL) }
        let error = await failure(
            of: "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\nimport time\ntime.sleep(30)\nx = 1", in: pool,
            options: WorkerRunOptions(timeout: .seconds(1)))
        guard case let .timedOut(_, output)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(output.elapsed < .seconds(3), "reported \(output.elapsed) after the start")
    }

    @Test func aReportFromAForkedCopyDoesNotHideATimeout() async throws {
        let code = """
        import os, time
        if os.fork() == 0:
            value = 'from the forked copy'
        else:
            time.sleep(30)
            value = 'real'
        """
        let error = await failure(of: code, options: WorkerRunOptions(timeout: .seconds(1)))
        guard case .timedOut? = error else { Issue.record("got \(String(describing: error))"); return }
    }

    @Test func processesThatLeaveTheRunsGroupAreKilledWhenItEnds() async throws {
        let pidFile = temporaryPath("pyembed-escape")
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let code = """
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                with open(\(String(reflecting: pidFile + ".tmp")), 'w') as f: f.write(str(os.getpid()))
                os.rename(\(String(reflecting: pidFile + ".tmp")), \(String(reflecting: pidFile)))
                time.sleep(600)
            os._exit(0)
        while not os.path.exists(\(String(reflecting: pidFile))):
            time.sleep(0.01)
        done = True
        """
        let run = try await sharedPool.run(code, options: WorkerRunOptions(timeout: .seconds(30)))
        #expect(run["done"] == .bool(true))
        let escaped = try await waitForPID(in: pidFile)
        #expect(await processIsGone(escaped), "the detached process \(escaped) outlived its run")
    }

    @Test func resultsOverTheLimitAreNotRead() async throws {
        let error = await failure(
            of: "import numpy as np\na = np.zeros(1_000_000)", options: WorkerRunOptions(resultLimit: 1 << 20))
        guard case let .resultTooLarge(bytes, limit, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(bytes > 8_000_000 && limit == 1 << 20)
    }
}
