import Foundation
import ProcessShim
import PyEmbedProcess
import Testing

/// Runs that attack their worker or the host's view of them (found by review; each failed before its fix).
@Suite("worker pool: hostile runs")
struct WorkerHostileTests {
    /// Runs in the host's PID namespace.
    let sharingPIDs = WorkerConfiguration(pidNamespace: .off)

    // The attacks through `os.getppid()` below reach the worker only without a PID namespace
    // (else the parent is pid 0); the defences against them stay for kernels that refuse one.

    @Test func aStoppedWorkerIsReplacedAtTheFirstDeadlineItMisses() async throws {
        let pool = WorkerPool(configuration: sharingPIDs)
        defer { pool.shutDown() }
        try await pool.start()
        let stopped = try #require(pool.workerProcessID)
        defer { kill(stopped, SIGKILL) }
        _ = await failure(of: "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\nimport time\ntime.sleep(30)", in: pool,
                          options: WorkerRunOptions(timeout: .seconds(1)))
        // If the worker had not confirmed the first run before it was stopped, it is already replaced;
        // else the next run is never started by it and the worker is replaced at that run's deadline,
        // which reports the run as not started — never as a run that took too long.
        let error = await failure(of: "y = 1", in: pool, options: WorkerRunOptions(timeout: .seconds(2)))
        if let error {
            guard case .workerUnavailable = error else {
                Issue.record("a run the stopped worker never started was not reported as such: \(error)"); return
            }
        }
        // The stuck worker is replaced within a few seconds of that deadline.
        let deadline = ContinuousClock.now + .seconds(30)
        while pool.workerProcessID == stopped && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(pool.workerProcessID != stopped, "the stopped worker was not replaced")
        let run = try await pool.run("z = 3", options: WorkerRunOptions(timeout: .seconds(30)))
        #expect(run["z"] == .int(3))
    }

    @Test func limitsChangedFromOutsideDoNotReachTheNextRun() async throws {
        let pool = WorkerPool(configuration: sharingPIDs)
        defer { pool.shutDown() }
        let before = try await pool.run("import resource\nlimit = list(resource.getrlimit(resource.RLIMIT_NOFILE))")
        do {
            _ = try await pool.run("import os, resource\nresource.prlimit(os.getppid(), resource.RLIMIT_NOFILE, (24, 24))")
        } catch {
            // The worker may notice the change and end before this run's report is read.
            guard case .workerUnavailable = error else { Issue.record("got \(error)"); return }
        }
        // The worker puts its limits back, or (without the privilege to raise them) ends and is replaced;
        // a run sent to it while it ends fails with a clear error, the next one runs with the original limits.
        var after: WorkerRunOutput?
        var failures = 0
        while after == nil && failures < 2 {
            do {
                after = try await pool.run("import resource\nlimit = list(resource.getrlimit(resource.RLIMIT_NOFILE))\nfiles = [open('/dev/null') for _ in range(40)]")
            } catch {
                guard case .workerUnavailable = error else { Issue.record("got \(error)"); return }
                failures += 1
            }
        }
        #expect(after?["limit"] == before["limit"])
    }

    /// Run as root, a run can reach the worker's `/proc` entries (the attacker's way); the test does it from outside.
    @Test(.enabled(if: getuid() == 0, "only root may write a non-dumpable process's OOM score and another process's timer slack"))
    func workerSettingsChangedThroughProcDoNotReachLaterRuns() async throws {
        let pool = WorkerPool()
        defer { pool.shutDown() }
        let settings = "oom = int(open('/proc/self/oom_score_adj').read())\nslack = int(open('/proc/self/timerslack_ns').read())\ndump = open('/proc/self/coredump_filter').read()"
        let before = try await pool.run(settings)
        let worker = try #require(pool.workerProcessID)
        for (entry, value) in [("oom_score_adj", "900"), ("timerslack_ns", "78000000"), ("coredump_filter", "0x1ff")] {
            let descriptor = open("/proc/\(worker)/\(entry)", O_WRONLY | O_CLOEXEC)
            #expect(descriptor >= 0 && write(descriptor, value, value.utf8.count) == value.utf8.count, "\(entry) not written")
            close(descriptor)
        }
        // The spare forked before the change may take the first run; the second run's process is forked after it.
        for _ in 0..<2 {
            let after = try await pool.run(settings)
            #expect(after["oom"] == before["oom"])
            #expect(after["slack"] == before["slack"])
            #expect(after["dump"] == before["dump"])
        }
    }

    @Test func aStoppedSpareIsReplacedBeforeItGetsAJob() async throws {
        let pool = WorkerPool(configuration: sharingPIDs)
        defer { pool.shutDown() }
        let code = """
        import os, signal
        zygote = os.getppid()
        for pid in open(f'/proc/{zygote}/task/{zygote}/children').read().split():
            if int(pid) != os.getpid():
                os.kill(int(pid), signal.SIGSTOP)
        """
        _ = try await pool.run(code)
        let run = try await pool.run("y = 2", options: WorkerRunOptions(timeout: .seconds(120)))
        #expect(run["y"] == .int(2))
    }

    @Test func aRunsDetachedHelperLivesUntilThatRunEnds() async throws {
        let pidFile = temporaryPath("pyembed-helper"), gate = temporaryPath("pyembed-gate")
        defer { [pidFile, gate].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let pool = WorkerPool()
        defer { pool.shutDown() }
        let code = Self.detachedHelper(writingPIDTo: pidFile) + "\n" + """
        while not os.path.exists(\(String(reflecting: gate))):
            time.sleep(0.01)
        """
        let first = Task { try await pool.run(code, options: WorkerRunOptions(timeout: .seconds(60))) }
        let helper = try await waitForPID(in: pidFile, of: first)
        // Another run ends meanwhile: the first run's helper must not be swept with it.
        _ = try await pool.run("x = 1")
        #expect(kill(helper, 0) == 0, "the helper died when another run ended")
        FileManager.default.createFile(atPath: gate, contents: Data())
        _ = try await first.value
        #expect(await processIsGone(helper), "the helper outlived its own run")
    }

    /// Code that starts a helper that leaves the run's process group (`setsid`, double fork),
    /// writes its process id to `path` and sleeps for ten minutes.
    static func detachedHelper(writingPIDTo pidFile: String) -> String {
        hostPIDFunction + """
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                with open(\(String(reflecting: pidFile + ".tmp")), 'w') as f: f.write(str(host_pid(os.getpid())))
                os.rename(\(String(reflecting: pidFile + ".tmp")), \(String(reflecting: pidFile)))
                time.sleep(600)
            os._exit(0)
        """
    }

    @Test func startingAWorkerMakesTheHostNotDumpable() async throws {
        try await sharedPool.start()
        #expect(pshim_is_dumpable() == 0)
    }

    @Test func aStoppedWorkerCannotHoldARunPastItsDeadline() async throws {
        let pool = WorkerPool(configuration: sharingPIDs)
        defer { pool.shutDown() }
        try await pool.start()
        let zygote = try #require(pool.workerProcessID)
        defer { kill(zygote, SIGKILL) }
        let error = await failure(
            of: "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\nimport time\ntime.sleep(30)\nx = 1", in: pool,
            options: WorkerRunOptions(timeout: .seconds(1)))
        guard case let .timedOut(_, output)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(output.elapsed < .seconds(10), "reported \(output.elapsed) after the start")
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
        let code = Self.detachedHelper(writingPIDTo: pidFile) + "\n" + """
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
