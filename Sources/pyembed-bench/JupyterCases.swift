import Foundation
import PyEmbed
import PythonExecutor

/// A Jupyter Server from the venv on 127.0.0.1 (a free port, a token) for the
/// remote-kernel rows; each row starts one and stops it (and its kernels) when done.
private final class BenchJupyterServer {
    let port: Int
    let token = UUID().uuidString
    private let process = Process()
    private let folder: URL

    init(python: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pyembed-bench-jupyter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let probe = Process(), out = Pipe()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["-c", "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\nprint(s.getsockname()[1])"]
        probe.standardOutput = out
        try probe.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        probe.waitUntilExit()
        guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw BenchError("no free port") }
        self.port = port
        let log = folder.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            "-m", "jupyter_server", "--ServerApp.ip=127.0.0.1", "--ServerApp.port=\(port)", "--ServerApp.port_retries=0",
            "--IdentityProvider.token=\(token)", "--ServerApp.open_browser=False", "--ServerApp.allow_root=True",
            "--ServerApp.root_dir=\(folder.path)",
        ]
        var environment = ProcessInfo.processInfo.environment
        for (name, sub) in [("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config"), ("IPYTHONDIR", "ipython")] {
            environment[name] = folder.appendingPathComponent(sub).path
        }
        process.environment = environment
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while !((try? String(contentsOf: log, encoding: .utf8))?.contains("is running at") ?? false) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw BenchError("Jupyter Server did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
            }
            usleep(100_000)  // polling, bounded by the deadline
        }
    }

    /// Stops the server (SIGTERM, then SIGKILL after 10 s) and removes its folder.
    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}

/// The service with `execution_method: container` on a local Jupyter Server,
/// against an in-process run (trivial code) and against the reference's way of
/// bringing results back (a JSON file the kernel writes and the host reads).
func makeJupyterCases(_ python: PythonRuntime) -> [BenchCase] {
    let pythonPath = baselinePython(python)
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("pyembed-bench-jupyter-runs-\(UUID().uuidString)").path
    let request = PythonExecutionRequest(userQuery: "q", taskObjective: "t", executionFolderName: "bench", retries: 1)
    let jsonFile = root + "/reference-results.json"
    let referenceJob = ResultScripts.analysis + """

        import json
        with open(\(String(reflecting: jsonFile)), "w") as handle:
            json.dump({"mean": results["mean"], "std": results["std"], "signal": signal.tolist(),
                       "frame": frame.to_dict(orient="list")}, handle)
        fig.savefig(\(String(reflecting: root + "/reference-figure.png")), format="png")
        plt.close("all")
        results = {"file": \(String(reflecting: jsonFile))}
        """

    func configuration(_ server: BenchJupyterServer?) -> ExecutorConfiguration {
        var configuration = ExecutorConfiguration()
        configuration.filePaths.agentDataDir = root
        configuration.approval.pythonExecution.mode = .disabled
        configuration.execution.modes.writeAccess.requiresApproval = false
        configuration.execution.isolation = .inProcess
        if let server {
            configuration.execution.executionMethod = .container
            configuration.execution.modes.readOnly.kernelName = "python3"
            configuration.services.jupyter.read = ExecutorConfiguration.JupyterContainer(hostname: "127.0.0.1", portHost: server.port, token: server.token)
        }
        return configuration
    }

    /// Ten warm requests (after two for warm-up) of `code`; `check` runs after each.
    func requests(_ server: BenchJupyterServer?, _ code: String, check: @escaping (PythonExecutionSuccess) throws -> Void) async throws -> Timing {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let service = try PythonExecutorService(configuration: configuration(server), generator: StaticCodeGenerator(code: code))
        defer { try? FileManager.default.removeItem(atPath: root) }
        var times: [Double] = []
        for index in 0..<12 {
            let start = ContinuousClock.now
            guard case let .success(result) = try await service.execute(request) else { throw BenchError("the request did not succeed") }
            try check(result.executionResult)
            if index >= 2 { times.append(seconds(ContinuousClock.now - start)) }
        }
        await service.shutDownKernels()
        times.sort()
        return Timing(median: times[times.count / 2], min: times[0], iterations: 1, repetitions: times.count)
    }

    func withServer(_ body: (BenchJupyterServer) async throws -> Timing) async throws -> Timing {
        let server = try BenchJupyterServer(python: pythonPath)
        defer { server.stop() }
        return try await body(server)
    }

    let trivial = "results = {'x': 1}"
    return [
        BenchCase(
            name: "remote kernel warm trivial run (service, Jupyter Server on loopback)", baselineName: "same request, in_process tier",
            target: .none,
            ours: { try await withServer { try await requests($0, trivial) { guard $0.results["x"] == .int(1) else { throw BenchError("wrong result") } } } },
            baseline: { try await requests(nil, trivial) { guard $0.results["x"] == .int(1) else { throw BenchError("wrong result") } } }),
        BenchCase(
            name: "remote kernel typical job (typed results + figure in the message stream)",
            baselineName: "same kernel, results as a JSON file written and read back (the reference's way)", target: .none,
            ours: {
                try await withServer { server in
                    try await requests(server, ResultScripts.analysis) { result in
                        guard case .array? = result.results["signal"], result.figures.count == 1 else { throw BenchError("typed results missing") }
                    }
                }
            },
            baseline: {
                try await withServer { server in
                    try await requests(server, referenceJob) { _ in
                        let data = try Data(contentsOf: URL(fileURLWithPath: jsonFile))
                        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any], object["signal"] is [Any] else {
                            throw BenchError("the JSON file did not come back")
                        }
                    }
                }
            }),
    ]
}
