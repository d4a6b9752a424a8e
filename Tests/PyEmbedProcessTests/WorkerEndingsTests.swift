import Foundation
import PyEmbedProcess
import Testing

/// Every way a run's process can end is a typed error, and the host and the pool live on.
@Suite("worker pool: every ending is typed")
struct WorkerEndingsTests {
    @Test func sleepInCPastTheTimeoutIsKilledOnTime() async throws {
        let error = await failure(of: "import time\ntime.sleep(30)", options: WorkerRunOptions(timeout: .seconds(1)))
        guard case let .timedOut(limit, output)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(limit == 1)
        // Measured by the host's I/O thread from hand-over to the process's end: it does not depend on test scheduling.
        #expect(output.elapsed < .seconds(10), "the process ended \(output.elapsed) after the run started")
    }

    @Test func aLoopThatSwallowsEveryExceptionStillEnds() async throws {
        let code = "while True:\n    try:\n        pass\n    except BaseException:\n        pass"
        let error = await failure(of: code, options: WorkerRunOptions(timeout: .milliseconds(500)))
        guard case let .timedOut(_, output)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(output.elapsed < .seconds(10), "the process ended \(output.elapsed) after the run started")
    }

    @Test func osExitIsAnExitNotASuccess() async throws {
        let error = await failure(of: "print('bye')\nimport os\nos._exit(7)")
        guard case let .exited(code, output)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(code == 7)
        #expect(output.stdout == "bye\n")
        // os._exit(0) reports no result either: still a failure.
        guard case .exited(0, _)? = await failure(of: "import os\nos._exit(0)") else { Issue.record("os._exit(0) was not an exit"); return }
    }

    @Test func anExitWithoutAReportQuotesTheLastErrorLine() async throws {
        let error = await failure(of: "import os, sys\nsys.stderr.write('first\\nthe reason\\n')\nsys.stderr.flush()\nos._exit(4)")
        guard case .exited(4, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.description.hasSuffix("; its last error output: the reason") == true, "\(String(describing: error))")
        let silent = await failure(of: "import os\nos._exit(5)")
        guard case .exited(5, _)? = silent else { Issue.record("got \(String(describing: silent))"); return }
        #expect(silent?.description.contains("last error output") == false)
    }

    @Test func sysExitIsAnExit() async throws {
        guard case .exited(3, _)? = await failure(of: "import sys\nsys.exit(3)") else { Issue.record("sys.exit(3)"); return }
    }

    @Test func aNativeCrashIsNamed() async throws {
        let error = await failure(of: "import ctypes\nctypes.string_at(0)")
        guard case let .signalled(signal, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(WorkerError.signalName(signal) == "SIGSEGV")
        // The pool serves the next run as usual.
        #expect(try await sharedPool.run("x = 1")["x"] == .int(1))
    }

    @Test func killingItselfIsReportedAsSIGKILL() async throws {
        let error = await failure(of: "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
        guard case let .signalled(signal, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(signal == SIGKILL)
    }

    @Test func hugeAllocationsHitTheMemoryLimit() async throws {
        let limit = WorkerRunOptions(memoryLimit: 1 << 30)
        let untouched = await failure(of: "import numpy as np\na = np.empty(200 * 2**30, dtype=np.uint8)", options: limit)
        guard case .memoryLimitExceeded(1 << 30, _)? = untouched else { Issue.record("200 GB: \(String(describing: untouched))"); return }
        let touched = await failure(of: "import numpy as np\na = np.ones(4 * 2**30, dtype=np.uint8)", options: limit)
        guard case .memoryLimitExceeded? = touched else { Issue.record("4 GB: \(String(describing: touched))"); return }
        // Within the limit, the same pool allocates fine.
        let run = try await sharedPool.run("import numpy as np\nn = int(np.ones(100 * 2**20, dtype=np.uint8).sum())", options: limit)
        #expect(run["n"]?.intValue == 100 << 20)
    }

    @Test func cpuTimeLimitEndsABusyLoop() async throws {
        // The wall-clock limit is far above 1 s of CPU: on CI, with the whole suite
        // running on two cores, the loop got less than 1/20 of a core.
        let error = await failure(of: "while True: pass", options: WorkerRunOptions(timeout: .seconds(180), cpuTimeLimit: 1))
        guard case .cpuTimeLimitExceeded(1, _)? = error else { Issue.record("got \(String(describing: error))"); return }
    }

    @Test func childProcessesAndThreadsDoNotOutliveTheRun() async throws {
        let code = hostPIDFunction + """
        import subprocess, threading, time
        child = subprocess.Popen(['sleep', '600'])
        pid = host_pid(child.pid)
        threading.Thread(target=lambda: time.sleep(600), daemon=False).start()
        """
        let run = try await sharedPool.run(code, options: WorkerRunOptions(timeout: .seconds(120)))
        let pid = try #require(run["pid"]?.intValue)
        // The zygote kills the run's process group when the run ends, and reaps the orphan.
        #expect(await processIsGone(pid_t(pid)), "process \(pid) started by the run is still alive")
    }

    @Test func standardInputIsClosed() async throws {
        let run = try await sharedPool.run("import sys\ndata = sys.stdin.read()", options: WorkerRunOptions(timeout: .seconds(120)))
        #expect(run["data"] == .string(""))
    }

    @Test func hugeOutputIsCappedWithANote() async throws {
        let run = try await sharedPool.run(
            "import sys\nfor _ in range(20):\n    sys.stdout.write('x' * (1 << 20))\ndone = True",
            options: WorkerRunOptions(outputLimit: 1 << 20))
        #expect(run["done"] == .bool(true))
        #expect(run.output.stdoutByteCount == 20 << 20)
        #expect(run.output.isTruncated)
        #expect(run.stdout.utf8.count < (1 << 20) + 200)
        #expect(run.stdout.hasSuffix("[output truncated: 20971520 bytes written, the first 1048576 kept (limit 1048576)]\n"))
    }

    @Test func badOptionsAreRefusedBeforeRunning() async throws {
        guard case .invalidArgument? = await failure(of: "x = 1", options: WorkerRunOptions(timeout: .zero)) else {
            Issue.record("a zero timeout was accepted"); return
        }
        guard case .runFailed? = await failure(of: "x = 1", options: WorkerRunOptions(workingDirectory: "/nonexistent/folder")) else {
            Issue.record("a missing directory was accepted"); return
        }
    }
}
