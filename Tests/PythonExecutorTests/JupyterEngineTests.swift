import Foundation
import PyEmbed
@testable import PythonExecutor
import Testing

/// The Jupyter engine (`execution_method: container`) against real servers
/// from `.venv`, each started once per argument on 127.0.0.1 with a token and
/// stopped at the end (also when a scenario fails).
@Suite("Jupyter kernels", .serialized)
struct JupyterEngineTests {
    /// The typical analysis job and every failure mode, against one server.
    @Test(arguments: JupyterTestServer.Kind.allCases)
    func runsJobsAndSurvivesFailures(on kind: JupyterTestServer.Kind) async throws {
        let server = try await JupyterTestServer(kind)
        let before = (try? await server.kernelIDs()) ?? []
        do {
            try await typicalJob(server)
            try await cleanNamespaces(server)
            try await sessions(server)
            try await failures(server)
            try await parallelRuns(server)
            try await refusedToken(server)
            try await unknownKernel(server)
            try await commandLine(server)
            try await channelLimits(server)
            try await hugeOutput(server)
        } catch {
            Issue.record(error, "\(kind)")
        }
        // Every scenario shut its engine down: the server has no kernel the tests started.
        #expect(Set((try? await server.kernelIDs()) ?? ["unreadable"]).isSubset(of: Set(before)))
        await server.stop()
        #expect(server.leftoverKernels().isEmpty)
    }

    @Test func anUnreachableServerIsAConnectivityError() async throws {
        let harness = try WorkflowHarness()
        var configuration = harness.configuration()
        let port = try TestIOC.freePort()  // nothing listens there
        configuration.execution.executionMethod = .container
        configuration.execution.modes.readOnly.kernelName = "python3"
        configuration.services.jupyter.read = ExecutorConfiguration.JupyterContainer(hostname: "127.0.0.1", portHost: port, token: "t")
        let service = try harness.service(StaticCodeGenerator(code: "results = {'x': 1}"), configuration: configuration)
        let error = await failure { try await service.execute(request(retries: 3)) }
        guard case let .containerConnectivity(message, host, reportedPort)? = error else {
            Issue.record("expected containerConnectivity, got \(String(describing: error))")
            return
        }
        #expect(host == "127.0.0.1" && reportedPort == port)
        #expect(message.contains("could not be reached") && message.contains("\(port)"))
    }

    @Test func serverSettingsLoadFromYAML() throws {
        let configuration = try ExecutorConfiguration.load(yaml: """
            execution:
              execution_method: container
              modes: {read_only: {kernel_name: python3}, write_access: {kernel_name: writer, allows_writes: true}}
            services:
              jupyter:
                interrupt_grace_seconds: 1.5
                containers:
                  read: {hostname: gw.example.org, port_host: 8443, token: abc, use_https: true, base_path: /gateway}
                  write: {port_host: 8889, token_env: PATH, execution_modes: [write_access]}
            """)
        #expect(configuration.services.jupyter.interruptGraceSeconds == 1.5)
        let read = try JupyterEndpoint.resolve(.readOnly, in: configuration)
        #expect(read.httpURL("api/kernels") == "https://gw.example.org:8443/gateway/api/kernels")
        #expect(read.channelsURL(kernelID: "k", sessionID: "s") == "wss://gw.example.org:8443/gateway/api/kernels/k/channels?session_id=s")
        #expect(read.token == "abc" && read.kernelName == "python3")
        let write = try JupyterEndpoint.resolve(.writeAccess, in: configuration)
        #expect(write.httpURL("api") == "http://localhost:8889/api" && write.kernelName == "writer")
        #expect(write.token == ProcessInfo.processInfo.environment["PATH"])
        #expect(throws: PythonExecutorError.self) {
            try ExecutorConfiguration.load(yaml: "services:\n  jupyter:\n    interrupt_grace_seconds: -1\n")
        }
    }

    @Test func aTokenFromTheEnvironmentMustBeSet() throws {
        var configuration = ExecutorConfiguration()
        configuration.execution.executionMethod = .container
        configuration.services.jupyter.read = ExecutorConfiguration.JupyterContainer(portHost: 8888, tokenEnv: "PYEXEC_TEST_UNSET_TOKEN_VARIABLE")
        #expect {
            _ = try JupyterEndpoint.resolve(.readOnly, in: configuration)
        } throws: { error in
            guard case let PythonExecutorError.containerConfiguration(message) = error else { return false }
            return message.contains("PYEXEC_TEST_UNSET_TOKEN_VARIABLE")
        }
    }

    // MARK: - Scenarios

    /// numpy, pandas and a figure come back typed; the reference's files are written; prints stream during the run.
    private func typicalJob(_ server: JupyterTestServer) async throws {
        let harness = try WorkflowHarness()
        var configuration = harness.configuration()
        server.configure(&configuration)
        // The code waits (up to 120 s) for a file the test creates when the print reaches it.
        let gate = harness.root.appendingPathComponent("printed").path
        let code = """
            import numpy as np, pandas as pd, matplotlib.pyplot as plt
            import os, time
            print("starting", context["beam"], flush=True)
            waited = time.monotonic()
            while not os.path.exists(\(String(reflecting: gate))) and time.monotonic() - waited < 120:
                time.sleep(0.01)
            x = np.linspace(0.0, 1.0, 5)
            frame = pd.DataFrame({"x": x, "label": ["a", "b", "c", "d", "e"]})
            plt.plot(x, x ** 2, label="square")
            plt.title("beam")
            results = {"mean": float(x.mean()), "grid": np.arange(6, dtype=np.int32).reshape(2, 3), "frame": frame, "n": 2 ** 70,
                       "streamed": os.path.exists(\(String(reflecting: gate)))}
            """
        let service = try harness.service(StaticCodeGenerator(code: code), configuration: configuration)
        let run = service.start(request(retries: 1, context: .dict(PythonDictionary([.init(key: .string("beam"), value: .string("on"))]))))
        var printed = ""
        for await event in run.events where event.stage == .stdout {
            printed += event.message
            _ = FileManager.default.createFile(atPath: gate, contents: Data())
        }
        let result = try #require(success(try await run.outcome.value)).executionResult
        await service.shutDownKernels()

        #expect(printed.contains("starting on"))
        // The print arrived while the code still waited for it, not with the outcome.
        #expect(result.results["streamed"] == .bool(true))
        #expect(result.stdout.contains("starting on"))
        #expect(result.results["mean"] == .float(0.5))
        #expect(result.results["n"] == .int(PythonInteger(isNegative: false, magnitude: [0, 64])))
        guard case let .array(grid)? = result.results["grid"] else { throw Failure("grid is not an array: \(String(describing: result.results["grid"]))") }
        #expect(grid.dtype.name == "int32" && grid.shape == [2, 3] && grid.storage == .int32([0, 1, 2, 3, 4, 5]))
        guard case let .dataFrame(frame)? = result.results["frame"] else { throw Failure("frame is not a DataFrame") }
        #expect(frame.columns.map(\.name) == [.string("x"), .string("label")])
        #expect(frame.columns.first?.dtype == "float64")
        #expect(frame.columns.last?.values == .strings(["a", "b", "c", "d", "e"]))
        let figure = try #require(result.figures.first)
        #expect(result.figures.count == 1)
        #expect(figure.png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(figure.axes.first?.title == "beam" && figure.axes.first?.lines.first?.label == "square")
        #expect(FileManager.default.fileExists(atPath: result.folderPath + "/results.json"))
        #expect(result.figurePaths.count == 1 && FileManager.default.fileExists(atPath: result.figurePaths[0]))
        let metadata = try String(contentsOfFile: result.folderPath + "/execution_metadata.json", encoding: .utf8)
        #expect(metadata.contains("\"container\""))
        #expect(!result.notebookPath.isEmpty)
    }

    /// A name, `results` or a figure from one run is not there in the next.
    private func cleanNamespaces(_ server: JupyterTestServer) async throws {
        let engine = try makeEngine(server)
        defer { Task { await engine.shutDown() } }
        let first = try await outcome(engine, "import matplotlib.pyplot as plt\nleftover = 1\nplt.figure()\nresults = {'a': 1}")
        #expect(first.figures.count == 1)
        let second = try await outcome(engine, "results = {'seen': 'leftover' in globals()}")
        #expect(second.results["seen"] == .bool(false))
        #expect(second.figures.isEmpty)
        let missing = await runFailure(engine, "x = 1")
        #expect(missing?.resultsMissing == true)
        #expect(await engine.kernelIDs.count == 1)  // one warm kernel served all three
        await engine.shutDown()
    }

    /// A named session keeps its variables on a kernel of its own (not its
    /// `results` or figures); other sessions and unnamed runs do not see them; a
    /// reset deletes the session's kernel; shutting down deletes every kernel.
    private func sessions(_ server: JupyterTestServer) async throws {
        let harness = try WorkflowHarness()
        var configuration = harness.configuration()
        server.configure(&configuration)
        let service = try harness.service(StaticCodeGenerator(code: "results = {}"), configuration: configuration)
        let (a, b) = (service.makeSession(named: "a"), service.makeSession(named: "b"))
        func run(_ code: String, in session: PythonSession?) async throws -> PythonExecutionSuccess {
            let overrides = RunOverrides(generator: StaticCodeGenerator(code: code), session: session)
            guard let result = success(try await service.execute(request(retries: 1), overrides: overrides)) else { throw Failure("\(code) did not succeed") }
            return result.executionResult
        }
        let probe = "results = {'seen': 'kept' in globals()}"

        // The figure is both left open and returned: the kernel draws it once (the count is read by the next run),
        // also under a 'tight' savefig setting, which would add a drawing to lay the figure out (and crop it).
        let first = try await run("""
            import matplotlib, matplotlib.pyplot as plt
            matplotlib.rcParams['savefig.bbox'] = 'tight'
            kept = 41
            figure = plt.figure()
            figure.gca().plot([1, 2, 3])
            draws = []
            figure.canvas.mpl_connect('draw_event', lambda event: draws.append(1))
            results = {'set': True, 'figure': figure}
            """, in: a)
        #expect(first.figures.count == 1)
        guard case .figure? = first.results["figure"] else { throw Failure("the returned figure is not a figure: \(String(describing: first.results["figure"]))") }
        let second = try await run(
            "had_results = 'results' in globals()\nresults = {'kept': kept + 1, 'had_results': had_results, 'draws': len(draws)}", in: a)
        #expect(second.results["kept"] == .int(42) && second.results["had_results"] == .bool(false))
        #expect(second.results["draws"] == .int(1), "a figure both open and returned was drawn more than once")
        #expect(second.figures.isEmpty)  // the first run's figure did not carry over
        #expect(try await run(probe, in: b).results["seen"] == .bool(false))
        #expect(try await run(probe, in: nil).results["seen"] == .bool(false))
        guard case let .kernel(kernelsOfA) = a.storage else { throw Failure("session a is not on kernels") }
        let oldKernels = kernelsOfA.kernelIDs
        #expect(oldKernels.count == 1)

        a.reset()
        #expect(try await run(probe, in: a).results["seen"] == .bool(false))
        let deadline = ContinuousClock.now + .seconds(120)
        while !Set(oldKernels).isDisjoint(with: try await server.kernelIDs()), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(Set(oldKernels).isDisjoint(with: try await server.kernelIDs()), "the reset session's kernel is still on the server")

        let started = await service.jupyter?.kernelIDs ?? []
        guard case let .kernel(kernelsOfB) = b.storage else { throw Failure("session b is not on kernels") }
        let sessionKernels = kernelsOfA.kernelIDs + kernelsOfB.kernelIDs
        #expect(sessionKernels.count == 2 && Set(sessionKernels).isSubset(of: Set(started)) && Set(oldKernels).isDisjoint(with: sessionKernels))
        await service.shutDownKernels()
        #expect(Set(started).isDisjoint(with: try await server.kernelIDs()), "kernels left after shutdown")
    }

    /// An exception, a timeout (interrupted), an interrupt the code ignores (restarted), a dying kernel.
    private func failures(_ server: JupyterTestServer) async throws {
        let engine = try makeEngine(server, timeout: 2)
        defer { Task { await engine.shutDown() } }

        let raised = await runFailure(engine, "print('before')\nvalue = 1 / 0\nresults = {}")
        guard case let .runtime(message, traceback, _, _, _)? = raised?.error else { throw Failure("expected runtime, got \(String(describing: raised))") }
        #expect(message.contains("ZeroDivisionError"))
        #expect(traceback.contains("generated_code.py") && traceback.contains("line 2"))
        #expect(raised?.stdout == "before\n" && raised?.pythonType == "ZeroDivisionError")

        let started = ContinuousClock.now
        let slept = await runFailure(engine, "import time\ntime.sleep(120)\nresults = {}")
        guard case .executionTimeout(seconds: 2, _, _)? = slept?.error else { throw Failure("expected a timeout, got \(String(describing: slept))") }
        #expect(ContinuousClock.now - started < .seconds(100))
        let afterInterrupt = try await outcome(engine, "results = {'ok': True}")
        #expect(afterInterrupt.results["ok"] == .bool(true))

        let stubborn = await runFailure(engine, "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(120)\nresults = {}")
        guard case .executionTimeout(seconds: 2, _, _)? = stubborn?.error else { throw Failure("expected a timeout, got \(String(describing: stubborn))") }
        let afterRestart = try await outcome(engine, "results = {'ok': True}")
        #expect(afterRestart.results["ok"] == .bool(true))

        for code in ["import os\nos._exit(3)", "import ctypes\nctypes.string_at(0)\nresults = {}"] {
            let kernelsBefore = await engine.kernelIDs
            let died = await runFailure(engine, code)
            guard case let .crashed(crash, _, _)? = died?.error else { throw Failure("\(code): expected crashed, got \(String(describing: died))") }
            #expect(crash.process == .kernel && kernelsBefore.contains(crash.kernelID ?? "none"), "\(crash)")
            #expect(["restarting", "dead"].contains(crash.kernelState ?? "none") && crash.message.contains("died"), "\(crash)")
            #expect(died?.error.typeName == "ProcessCrashError")
            let serverKernels = try await server.kernelIDs()
            #expect(Set(kernelsBefore).isDisjoint(with: serverKernels))  // the dead kernel was deleted
            let afterDeath = try await outcome(engine, "results = {'ok': True}")
            #expect(afterDeath.results["ok"] == .bool(true))
        }
        await engine.shutDown()
    }

    /// Two runs at the same time get separate kernels and both finish.
    private func parallelRuns(_ server: JupyterTestServer) async throws {
        let engine = try makeEngine(server)
        defer { Task { await engine.shutDown() } }
        // A gate: each run marks that it started, then waits (up to 120 s) for the other's mark,
        // so both are running at once; run one after the other, neither would meet the other.
        let gate = try WorkflowHarness()
        func code(_ mine: String, waitingFor other: String) -> String {
            let mine = String(reflecting: gate.root.appendingPathComponent(mine).path)
            let other = String(reflecting: gate.root.appendingPathComponent(other).path)
            return """
                import os, time
                open(\(mine), 'w').close()
                waited = time.monotonic()
                while not os.path.exists(\(other)) and time.monotonic() - waited < 120:
                    time.sleep(0.01)
                results = {'pid': os.getpid(), 'met': os.path.exists(\(other))}
                """
        }
        async let first = outcome(engine, code("first", waitingFor: "second"))
        async let second = outcome(engine, code("second", waitingFor: "first"))
        let (a, b) = try await (first, second)
        withExtendedLifetime(gate) {}  // its folder is removed when it goes
        #expect(a.results["met"] == .bool(true) && b.results["met"] == .bool(true), "the runs did not overlap")
        #expect(a.results["pid"] != nil && a.results["pid"] != b.results["pid"])
        #expect(await engine.kernelIDs.count == 2)
        await engine.shutDown()
        #expect(await engine.kernelIDs.isEmpty)
    }

    /// A wrong token is a configuration error naming the token; the server keeps working.
    private func refusedToken(_ server: JupyterTestServer) async throws {
        let engine = try makeEngine(server, token: "wrong-token")
        let refused = await runFailure(engine, "results = {}")
        guard case let .containerConfiguration(message)? = refused?.error else { throw Failure("expected containerConfiguration, got \(String(describing: refused))") }
        #expect(message.contains("token") && message.contains("HTTP 40"))
    }

    /// A kernel name the server does not have is a configuration error listing the ones it has.
    private func unknownKernel(_ server: JupyterTestServer) async throws {
        let engine = try makeEngine(server, kernel: "no-such-kernel")
        let refused = await runFailure(engine, "results = {}")
        guard case let .containerConfiguration(message)? = refused?.error else { throw Failure("expected containerConfiguration, got \(String(describing: refused))") }
        #expect(message.contains("no-such-kernel") && message.contains("python3"))
    }

    /// `pyexec --config` with a container configuration runs on the server, streams the print and deletes its kernel.
    private func commandLine(_ server: JupyterTestServer) async throws {
        let harness = try WorkflowHarness()
        let config = harness.root.appendingPathComponent("config.yml")
        try """
            execution:
              execution_method: container
              modes: {read_only: {kernel_name: python3}}
            services:
              jupyter:
                containers:
                  read: {hostname: 127.0.0.1, port_host: \(server.port), token: \(server.token)}
            """.write(to: config, atomically: true, encoding: .utf8)
        let run = try await pyexec([
            "run", "-c", "print('hello from the kernel')\nresults = {'answer': 6 * 7}", "--yes", "--json",
            "--config", config.path, "--data-dir", harness.root.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"answer\": 42"))
        #expect(run.stderr.contains("hello from the kernel"))

        // A kernel that dies is a typed crash in the JSON answer, with the server's kernel state.
        let died = try await pyexec(["run", "-c", "import os\nos._exit(1)", "--yes", "--json", "--config", config.path, "--data-dir", harness.root.path])
        #expect(died.status != 0)
        let answer = try JSONSerialization.jsonObject(with: Data(died.stdout.utf8)) as? [String: Any]
        let error = try #require(answer?["error"] as? [String: Any], "\(died.stdout)\n\(died.stderr)")
        #expect(error["type"] as? String == "ProcessCrashError", "\(error)")
        let crash = try #require(error["crash"] as? [String: Any], "\(error)")
        #expect(crash["process"] as? String == "kernel" && crash["kernel_id"] is String && crash["kernel_state"] is String, "\(crash)")
    }

    /// The channel-limits guard and the run-time API work in the kernel: a write past a limit is a typed violation.
    private func channelLimits(_ server: JupyterTestServer) async throws {
        let setup = try LimitsSetup(try WorkflowHarness())
        var configuration = setup.configuration(.process)
        server.configure(&configuration)
        let refused = try await setup.run("from osprey.runtime import write_channel\nwrite_channel('MAG:QF1:CURRENT:SP', 300)\nresults = {}", configuration)
        guard case let .failure(.channelLimitsViolation(violation)) = refused else { throw Failure("expected a violation, got \(refused)") }
        #expect(violation.violationType == "MAX_EXCEEDED" && violation.channel == "MAG:QF1:CURRENT:SP")
        let allowed = try await setup.run(
            "from osprey.runtime import write_channel, read_channel\nwrite_channel('MAG:QF1:CURRENT:SP', 150)\nresults = {'v': read_channel('MAG:QF1:CURRENT:SP')}",
            configuration)
        #expect((try? allowed.get())?.executionResult.results["v"] == .int(150))
        // A look-alike of the violation class (same name and module) is not taken for one.
        LimitsSetup.expectOrdinaryRuntimeError(try await setup.run(LimitsSetup.lookAlikeViolation, configuration))
    }

    /// A run that prints 20 MB keeps at most the configured bytes of it, ending with a note of the total.
    private func hugeOutput(_ server: JupyterTestServer) async throws {
        let limit = 64 << 10
        let engine = try makeEngine(server, outputLimit: limit)
        defer { Task { await engine.shutDown() } }
        let printed = try await outcome(
            engine, "import sys\nfor _ in range(20):\n    sys.stdout.write('x' * 1_000_000)\nprint('done', file=sys.stderr)\nresults = {'ok': True}")
        #expect(printed.results["ok"] == .bool(true))
        print("Jupyter run that printed 20 MB kept \(printed.stdout.utf8.count) bytes of stdout")
        #expect(printed.stdout.utf8.count < limit + 200, "\(printed.stdout.utf8.count) bytes kept")
        #expect(printed.stdout.hasSuffix("[output truncated: 20000000 bytes written, the first \(limit) kept (limit \(limit))]\n"), "\(printed.stdout.suffix(120))")
        #expect(printed.stdout.hasPrefix("xxxx"))
        #expect(printed.stderr == "done\n")
        await engine.shutDown()
    }

    // MARK: - Helpers

    /// The Jupyter engine of a service configured for `server` (engine runs write no files on the host).
    private func makeEngine(
        _ server: JupyterTestServer, timeout: Double = 600, token: String? = nil, kernel: String? = nil, outputLimit: Int? = nil
    ) throws -> JupyterEngine {
        let harness = try WorkflowHarness()
        var configuration = harness.configuration(timeout: timeout)
        server.configure(&configuration, token: token)
        if let kernel { configuration.execution.modes.readOnly.kernelName = kernel }
        if let outputLimit { configuration.execution.process.outputLimitBytes = outputLimit }
        let service = try harness.service(StaticCodeGenerator(code: "results = {}"), configuration: configuration)
        return try #require(service.jupyter)
    }

    private func outcome(_ engine: JupyterEngine, _ code: String) async throws -> ExecutionOutcome {
        do {
            return try await engine.run(code, context: nil, folder: "/tmp", attempt: 1, mode: .readOnly, output: nil)
        } catch {
            throw Failure("run failed: \(error.error)")
        }
    }

    private func runFailure(_ engine: JupyterEngine, _ code: String) async -> RunnerFailure? {
        do {
            let outcome = try await engine.run(code, context: nil, folder: "/tmp", attempt: 1, mode: .readOnly, output: nil)
            Issue.record("expected a failure, got \(outcome.results)")
            return nil
        } catch {
            return error
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
