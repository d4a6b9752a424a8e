import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import PythonExecutor
import Testing

/// Runs the built `pyexec` with `arguments` (standard input closed) and captures its output.
func runPyexec(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
    let run = try await pyexec(arguments, input: nil)
    return (run.status, run.stdout, run.stderr)
}

/// Reads a pipe to its end on a thread of its own.
final class BackgroundRead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// Everything read, once the pipe is closed. Blocks: call it off the cooperative threads.
    func wait() -> Data {
        done.wait()
        return data
    }

    /// ``wait()``, waiting off the cooperative threads.
    func finished() async -> Data {
        await offThePool { [self] in wait() }
    }
}

/// `pyexec run --json` with the default configuration (the process tier): every hostile
/// case ends in exactly one JSON answer, a non-zero exit and a live `pyexec`.
@Suite("pyexec in the process tier")
struct ProcessIsolationTests {
    /// Runs `code` through `pyexec run --yes --json` and returns its exit status and JSON answer.
    func answer(_ code: String, _ extra: [String] = [], harness: WorkflowHarness? = nil) async throws -> (status: Int32, object: [String: Any], stderr: String) {
        let harness = try harness ?? WorkflowHarness()
        let run = try await runPyexec(["run", "-c", code, "--yes", "--json", "--data-dir", harness.root.path] + extra)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return (run.status, try #require(object, "stdout is not one JSON object: \(run.stdout)\nstderr: \(run.stderr)"), run.stderr)
    }

    func error(_ code: String, _ extra: [String] = []) async throws -> [String: Any] {
        let (status, object, stderr) = try await answer(code, extra)
        #expect(status != 0, "exit 0 for a failed run; stderr: \(stderr)")
        return try #require(object["error"] as? [String: Any], "no error object: \(object)")
    }

    @Test func theDefaultRunsInAWorkerWithTheFolderAsWorkingDirectory() async throws {
        let harness = try WorkflowHarness()
        let (status, object, stderr) = try await answer(
            "import os\nopen('note.txt', 'w').write('x')\nresults = {'pid': os.getpid(), 'cwd': os.getcwd()}", harness: harness)
        #expect(status == 0, "stderr: \(stderr)")
        let results = try #require(object["results"] as? [String: Any])
        let folder = try #require(object["execution_folder"] as? String)
        #expect(results["cwd"] as? String == folder)
        #expect(FileManager.default.fileExists(atPath: folder + "/note.txt"))
    }

    @Test func aLinkedFiguresFolderIsNotFollowedAndTheMetadataNamesTheTier() async throws {
        let harness = try WorkflowHarness()
        let outside = harness.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let code = "import os\nimport matplotlib.pyplot as plt\nos.symlink(\(String(reflecting: outside.path)), 'figures')\nplt.plot([1, 2])\nresults = {'ok': 1}"
        let (status, object, stderr) = try await answer(code, harness: harness)
        #expect(status == 0, "stderr: \(stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty, "a figure was written through the link")
        let warnings = (object["analysis_warnings"] as? [String]) ?? []
        #expect(warnings.contains { $0.contains("symbolic link") }, "\(warnings)")
        let folder = try #require(object["execution_folder"] as? String)
        let metadata = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/execution_metadata.json"))) as? [String: Any]
        #expect(metadata?["execution_mode"] as? String == "process")
    }

    @Test func processLimitsOutOfRangeAreConfigurationErrors() throws {
        #expect(throws: PythonExecutorError.configuration("execution.process.memory_limit_mb must be a whole number from 1 to 1073741824, not 8796093022208")) {
            _ = try ExecutorConfiguration.load(yaml: "execution:\n  process:\n    memory_limit_mb: 8796093022208\n")
        }
    }

    @Test func aHangInCIsKilledAtTheTimeout() async throws {
        let start = ContinuousClock.now
        let error = try await error("import time\ntime.sleep(600)\nresults = {}", ["--timeout", "2"])
        #expect((error["type"] as? String) == "ExecutionTimeoutError", "\(error)")
        // Far under the sleep, and loose: the wall clock also counts pyexec's start and its worker's preload,
        // which took over 30 s on a loaded two-core CI machine.
        #expect(ContinuousClock.now - start < .seconds(300))
    }

    @Test func osExitAndCrashesAreFailuresWithAnAnswer() async throws {
        for (code, expected, status, signal) in [
            ("import os\nos._exit(7)", "exit status 7", 7, nil),
            ("import os\nos._exit(0)", "exit status 0", 0, nil),
            ("import faulthandler\nfaulthandler._sigsegv()", "SIGSEGV", nil, "SIGSEGV"),
            ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "SIGKILL", nil, "SIGKILL"),
            ("import os\nos.close(1)\nos.close(2)\nraise SystemExit(0)", "exit status 0", 0, nil),
        ] as [(String, String, Int?, String?)] {
            let error = try await error(code)
            #expect((error["message"] as? String)?.contains(expected) == true, "\(code): \(error["message"] ?? error)")
            // The crash is typed: its kind and facts are fields, not words in the message.
            #expect(error["type"] as? String == "ProcessCrashError", "\(code): \(error)")
            let crash = try #require(error["crash"] as? [String: Any], "\(code): \(error)")
            #expect(crash["process"] as? String == "worker")
            #expect(crash["exit_status"] as? Int == status && crash["signal"] as? String == signal, "\(code): \(crash)")
        }
    }

    @Test func closingDescriptorsInTheCodeDoesNotTouchPyexec() async throws {
        let (status, object, stderr) = try await answer("import os\nos.close(1)\nos.close(2)\nresults = {'ok': True}")
        #expect(status == 0, "stderr: \(stderr)")
        #expect((object["results"] as? [String: Any])?["ok"] as? Bool == true)
    }

    @Test func maskedReadingsStayMissingAndOneBadValueDoesNotFailTheRun() async throws {
        let code = """
        import numpy as np
        results = {'m': np.ma.masked_array([1.0, 2.0, 3.0], mask=[0, 1, 0]), 'raw': np.zeros(2, dtype='V4'), 'ok': 1}
        """
        for isolation in ["process", "in-process"] {
            let (status, object, stderr) = try await answer(code, ["--isolation", isolation])
            #expect(status == 0, "\(isolation): \(stderr)")
            let results = try #require(object["results"] as? [String: Any])
            let masked = try #require(results["m"] as? [Any])
            #expect(masked.count == 3 && masked[1] is NSNull && masked[0] as? Double == 1.0, "\(isolation): \(masked)")
            #expect(results["ok"] as? Int == 1)
            #expect(results["raw"] != nil)
            let warnings = (object["analysis_warnings"] as? [String]) ?? []
            #expect(warnings.contains { $0.contains("results['raw']") }, "\(isolation): \(warnings)")
        }
    }

    @Test func aHugeRangeIndexIsATypedAnswerNotACrash() async throws {
        let (status, object, stderr) = try await answer("import pandas as pd\nresults = {'f': pd.DataFrame(index=pd.RangeIndex(2**62)), 'ok': 1}")
        #expect(status == 0, "stderr: \(stderr)")
        #expect((object["results"] as? [String: Any])?["f"] as? [String: Any] != nil)
        let error = try await error("import pandas as pd\nresults = {'i': pd.RangeIndex(2**62)}")
        #expect((error["message"] as? String)?.contains("more than the JSON export makes") == true, "\(error)")
    }

    @Test func theInProcessTierIsStillThereOnRequest() async throws {
        let (status, object, _) = try await answer("import os\nresults = {'pid': os.getpid()}", ["--isolation", "in-process"])
        #expect(status == 0)
        let (_, processObject, _) = try await answer("import os\nresults = {'pid': os.getpid()}")
        let inProcessPID = (object["results"] as? [String: Any])?["pid"] as? Int
        let workerPID = (processObject["results"] as? [String: Any])?["pid"] as? Int
        #expect(inProcessPID != nil && workerPID != nil && inProcessPID != workerPID)
        let bad = try await runPyexec(["run", "-c", "results = {}", "--isolation", "sideways"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--isolation must be 'process' or 'in-process'"))
    }

    @Test func theMemoryLimitFromTheConfigurationIsEnforced() async throws {
        let harness = try WorkflowHarness()
        let config = harness.root.appendingPathComponent("config.yml")
        try "execution:\n  process:\n    memory_limit_mb: 512\n".write(to: config, atomically: true, encoding: .utf8)
        let run = try await runPyexec([
            "run", "-c", "import numpy as np\na = np.ones(2 * 2**30, dtype=np.uint8)\nresults = {}", "--yes", "--json",
            "--data-dir", harness.root.path, "--config", config.path,
        ])
        #expect(run.status != 0)
        let error = try #require((try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?["error"] as? [String: Any])
        #expect((error["message"] as? String)?.contains("more memory than its limit") == true, "\(error)")
    }

    @Test func cancellingAServiceRunKillsItsProcessAndDoesNotRetry() async throws {
        let harness = try WorkflowHarness()
        let pidFile = harness.root.appendingPathComponent("pid").path
        let code = sleeper(writingPIDTo: pidFile)
        let service = try harness.service(StaticCodeGenerator(code: code))
        let run = Task { try await service.execute(request()) }
        var pid: pid_t?
        // Generous: in the full suite this first run of a fresh service (worker start with
        // its preload, analysis in the shared test process) has taken over 60 s.
        let deadline = ContinuousClock.now + .seconds(180)
        while pid == nil && ContinuousClock.now < deadline {
            pid = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { pid_t($0) }
            try await Task.sleep(for: .milliseconds(10))
        }
        let child = try #require(pid, "the run never started")
        run.cancel()
        switch await run.result {
        case .success: Issue.record("a cancelled run succeeded")
        case let .failure(error):
            guard case let .cancelled(stage, attempt, folder)? = error as? PythonExecutorError else { Issue.record("got \(error)"); break }
            #expect(stage == .execution)
            #expect(attempt == 1)
            let metadata = try runMetadata(in: try #require(folder))
            #expect(metadata["error_type"] as? String == "CancelledError" && metadata["success"] as? Bool == false, "\(metadata)")
        }
        #expect(await isGone(child, by: .now + .seconds(60)), "the run's process \(child) outlived the cancellation")
    }

    @Test func channelLimitViolationsAreRecognisedInTheWorker() async throws {
        let harness = try WorkflowHarness()
        let service = try harness.service(StaticCodeGenerator(
            code: "import pyexec_limits\nraise pyexec_limits.ChannelLimitsViolationError('BEAM:CURRENT', 900, 'max', 'above the maximum', max_value=500)"))
        do {
            _ = try await service.execute(request())
            Issue.record("no error")
        } catch {
            guard case let .channelLimitsViolation(violation) = error else { Issue.record("got \(error)"); return }
            #expect(violation.channel == "BEAM:CURRENT")
            #expect(violation.maxValue == 500)
        }
    }
}

extension ProcessIsolationTests {
    @Test func interruptingPyexecKillsTheRunAndStillAnswers() async throws {
        let harness = try WorkflowHarness()
        let pidFile = harness.root.appendingPathComponent("pid").path
        let code = sleeper(writingPIDTo: pidFile)
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pyexec")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["run", "-c", code, "--yes", "--json", "--data-dir", harness.root.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errors = BackgroundRead(err.fileHandleForReading)
        let answer = BackgroundRead(out.fileHandleForReading)
        var child: pid_t?
        let deadline = ContinuousClock.now + .seconds(180)
        while child == nil && ContinuousClock.now < deadline && process.isRunning {
            child = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { pid_t($0) }
            try await Task.sleep(for: .milliseconds(10))
        }
        guard let run = child else {
            Issue.record("the run never started: \(String(decoding: await errors.finished(), as: UTF8.self))")
            return
        }
        process.interrupt()
        let stdout = await answer.finished()
        _ = await errors.finished()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let object = try JSONSerialization.jsonObject(with: stdout) as? [String: Any]
        let error = try #require(object?["error"] as? [String: Any], "\(String(decoding: stdout, as: UTF8.self))")
        #expect((error["message"] as? String)?.contains("cancelled") == true, "\(error)")
        #expect(error["type"] as? String == "CancelledError" && error["stage"] as? String == "execution", "\(error)")
        let metadata = try runMetadata(in: try #require(error["execution_folder"] as? String, "\(error)"))
        #expect(metadata["error_type"] as? String == "CancelledError" && metadata["success"] as? Bool == false, "\(metadata)")
        #expect(await isGone(run, by: .now + .seconds(60)), "the run's process \(run) outlived the interruption")
    }
}

extension ProcessIsolationTests {
    @Test func theMissingModuleHintNamesThePackage() async throws {
        for (module, package) in [("sklearn.linear_model", "scikit-learn"), ("cv2", "opencv-python"), ("not_a_module_xyz", "not_a_module_xyz")] {
            let error = try await error("import \(module)\nresults = {}")
            #expect((error["message"] as? String)?.contains("pip install \(package)`") == true, "\(module): \(error)")
        }
        // The bootstrap installs these, so no run can miss them: the hint itself is checked.
        for (module, package) in [("epics", "pyepics"), ("epics.ca", "pyepics"), ("PIL.Image", "Pillow"), ("yaml", "PyYAML")] {
            #expect(MissingModule.hint(for: module).contains("pip install \(package)`"), "\(module): \(MissingModule.hint(for: module))")
        }
    }
}

extension ProcessIsolationTests {
    @Test func aFigureOverThePixelLimitIsAWarningNotASilentDrop() async throws {
        let (status, object, stderr) = try await answer("import matplotlib.pyplot as plt\nplt.figure(figsize=(1000, 1000))\nresults = {'ok': 1}")
        #expect(status == 0, "stderr: \(stderr)")
        let warnings = (object["analysis_warnings"] as? [String]) ?? []
        #expect(warnings.contains { $0.contains("more than the limit") }, "\(warnings)")
    }
}

/// Code that writes its process id to `path` (by rename, so a reader sees all or nothing), then sleeps for nine minutes.
/// (Long, because on a loaded two-core machine the polling test may not be scheduled for over a minute: a run that
/// ended by itself before the test saw its id was a CI failure. Every user cancels or interrupts it.)
/// (The host's number for the run: runs have a PID namespace of their own, and `NSpid` in the host's `/proc` gives both.)
func sleeper(writingPIDTo path: String) -> String {
    "import os, time\npid = [line for line in open('/proc/self/status') if line.startswith('NSpid:')][0].split()[1]\nwith open(\(String(reflecting: path + ".tmp")), 'w') as f: f.write(pid)\nos.rename(\(String(reflecting: path + ".tmp")), \(String(reflecting: path)))\ntime.sleep(540)\nresults = {}"
}

/// The `execution_metadata.json` of the run folder `folder`, as a JSON object.
func runMetadata(in folder: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/execution_metadata.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(String(decoding: data, as: UTF8.self))")
}

/// Whether process `pid` is gone (or only a zombie) before `deadline`.
func isGone(_ pid: pid_t, by deadline: ContinuousClock.Instant) async -> Bool {
    while ContinuousClock.now < deadline {
        let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first
        if state == nil || state == "Z" { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return false
}

extension ProcessIsolationTests {
    @Test func whatTheWorkerPrintsNeverReachesPyexecsStandardOutput() async throws {
        // `import this` prints the Zen of Python: preloaded in the worker, it must not land in
        // pyexec's stdout, which carries the JSON answer (and, under `pyexec mcp`, the protocol).
        let harness = try WorkflowHarness()
        let config = harness.root.appendingPathComponent("config.yml")
        try "execution: {process: {preload: [this], pid_namespace: required}}\n".write(to: config, atomically: true, encoding: .utf8)
        let (status, object, stderr) = try await answer("results = {'n': 1}", ["--config", config.path], harness: harness)
        #expect(status == 0, "stderr: \(stderr)")
        #expect((object["results"] as? [String: Any])?["n"] as? Int == 1)
    }
}
