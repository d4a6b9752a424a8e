import Foundation
import Synchronization
import PyEmbedProcess
import Testing

/// What one run changes never reaches the next; streams, directories and the zygote's life.
@Suite("worker pool: isolation between runs")
struct WorkerIsolationTests {
    @Test func processWideChangesAreInvisibleToTheNextRun() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pyembed-chdir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await sharedPool.run("""
        import os, sys, builtins, json
        os.chdir(\(String(reflecting: folder.path)))
        builtins.len = lambda x: -1
        sys.modules['json'] = None
        os.environ['PYEMBED_LEAK'] = 'yes'
        sys.setrecursionlimit(50)
        """)
        let run = try await sharedPool.run("""
        import os, sys, builtins
        cwd = os.getcwd()
        length = len([1, 2])
        json_ok = sys.modules.get('json', 'absent') is not None
        leak = os.environ.get('PYEMBED_LEAK')
        limit = sys.getrecursionlimit()
        """)
        #expect(run["cwd"] != .string(folder.path))
        #expect(run["length"] == .int(2))
        #expect(run["json_ok"] == .bool(true))
        #expect(run["leak"] == PythonValue.none)
        #expect(run["limit"] != .int(50))
    }

    @Test func relativeWritesLandInTheWorkingDirectory() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pyembed-cwd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await sharedPool.run(
            "import os\nopen('out.txt', 'w').write('data')\nhere = os.getcwd()\nvalue = os.environ['SETTING']",
            options: WorkerRunOptions(workingDirectory: folder.path, environment: ["SETTING": "on"]))
        #expect(run["here"] == .string(folder.path))
        #expect(run["value"] == .string("on"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.txt").path))
    }

    @Test func outputStreamsWhileTheRunGoesOn() async throws {
        // The run waits for a file that the host creates only after it has seen the first line.
        let gate = FileManager.default.temporaryDirectory.appendingPathComponent("pyembed-gate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: gate) }
        let seen = Mutex<[WorkerOutputChunk]>([])
        let options = WorkerRunOptions(timeout: .seconds(120), onOutput: { chunk in
            seen.withLock { $0.append(chunk) }
            if chunk.text.contains("first") { FileManager.default.createFile(atPath: gate, contents: Data()) }
        })
        let code = "import os, time\nprint('first')\nwhile not os.path.exists(\(String(reflecting: gate))):\n    time.sleep(0.01)\nprint('second')"
        let run = try await sharedPool.run(code, options: options)
        #expect(run.stdout == "first\nsecond\n")
        #expect(seen.withLock { $0.map(\.text).joined() } == "first\nsecond\n")
    }

    @Test func aKilledWorkerIsRestartedForTheNextRun() async throws {
        let pool = WorkerPool()
        _ = try await pool.run("x = 1")
        let first = try #require(pool.workerProcessID)
        // A run in flight when the worker dies fails with a clear error (its process dies with the worker).
        let pidFile = temporaryPath("pyembed-inflight")
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let inFlight = Task { try await pool.run(Self.sleeper(writingPIDTo: pidFile), options: WorkerRunOptions(timeout: .seconds(60))) }
        let runPID = try await waitForPID(in: pidFile, of: inFlight)
        kill(first, SIGKILL)
        switch await inFlight.result {
        case .success: Issue.record("the run in flight succeeded")
        case let .failure(error):
            guard case .workerUnavailable = error as? WorkerError else { Issue.record("got \(error)"); break }
        }
        #expect(await processIsGone(runPID), "the run's process \(runPID) outlived its worker")
        // The pool notices the death asynchronously; a run may fail with workerUnavailable meanwhile, never hang.
        var restarted: WorkerRunOutput?
        for _ in 0..<50 where restarted == nil {
            do { restarted = try await pool.run("y = 2") } catch {
                guard case .workerUnavailable = error else { Issue.record("got \(error)"); return }
            }
        }
        #expect(restarted?["y"] == .int(2))
        #expect(pool.workerProcessID != first)
        pool.shutDown()
    }

    @Test func cancellingTheCallerKillsTheRun() async throws {
        let pidFile = temporaryPath("pyembed-cancel")
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        // A pool of its own: the shared one may be busy with the 200-run test, and the run must start soon.
        let pool = WorkerPool()
        defer { pool.shutDown() }
        let run = Task { try await pool.run(Self.sleeper(writingPIDTo: pidFile), options: WorkerRunOptions(timeout: .seconds(60))) }
        let pid = try await waitForPID(in: pidFile, of: run)
        run.cancel()
        switch await run.result {
        case .success: Issue.record("a cancelled run succeeded")
        case let .failure(error):
            guard case .cancelled = error as? WorkerError else { Issue.record("got \(error)"); break }
        }
        #expect(await processIsGone(pid), "the cancelled run's process \(pid) is still alive")
    }

    /// Code that writes its process id to `path`, then sleeps in C for a minute.
    static func sleeper(writingPIDTo path: String) -> String {
        hostPIDFunction + "import os, time\nwith open(\(String(reflecting: path + ".tmp")), 'w') as f: f.write(str(host_pid(os.getpid())))\nos.rename(\(String(reflecting: path + ".tmp")), \(String(reflecting: path)))\ntime.sleep(60)"
    }

    @Test func twoHundredConcurrentRunsAllComplete() async throws {
        let before = residentBytes()
        let results = try await withThrowingTaskGroup(of: PythonValue?.self) { group in
            for index in 0..<200 {
                group.addTask { try await sharedPool.run("n = \(index) * 2", options: WorkerRunOptions(timeout: .seconds(60)))["n"] }
            }
            var values: [PythonValue?] = []
            for try await value in group { values.append(value) }
            return values
        }
        #expect(Set(results.compactMap { $0?.intValue }) == Set((0..<200).map { $0 * 2 }))
        // The whole test process is measured, other suites' work included: the bound is loose but still
        // catches a host that keeps what each run sent (a leak of 200 runs' channels, buffers or reports).
        let growth = residentBytes() - before
        print("host RSS growth over 200 concurrent runs: \(growth >> 20) MiB")
        #expect(growth < 1 << 30, "the host grew by \(growth >> 20) MiB")
    }

    @Test func aMissingWorkerExecutableIsAClearError() async throws {
        let pool = WorkerPool(configuration: WorkerConfiguration(executable: "/nonexistent/pyembed-worker"))
        guard case let .workerUnavailable(message)? = await failure(of: "x = 1", in: pool) else { Issue.record("no error"); return }
        #expect(message.contains("/nonexistent/pyembed-worker"))
    }
}
