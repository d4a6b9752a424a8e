import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PyEmbed
@testable import PythonExecutor

/// A Jupyter Server or Jupyter Kernel Gateway from the repository's `.venv`,
/// listening on 127.0.0.1 on a free port with a token, with its own runtime,
/// data and config folders. ``stop()`` deletes its kernels, stops it (SIGTERM,
/// then SIGKILL) and kills any kernel process still running from its runtime
/// folder, so no process outlives a test.
final class JupyterTestServer: @unchecked Sendable {
    /// Which server.
    enum Kind: String, Sendable, CaseIterable, CustomStringConvertible {
        case jupyterServer = "Jupyter Server"
        case kernelGateway = "Kernel Gateway"
        var description: String { rawValue }
    }

    let kind: Kind
    let port: Int
    let token = UUID().uuidString
    private let process: Process
    private let folder: URL
    private let log: URL

    /// Turns off the server's IOPub rate limit (1 MB/s by default), which drops what a kernel
    /// prints faster: the huge-output scenario needs all 20 MB to reach the engine.
    static let unthrottledOutput = "--ZMQChannelsWebsocketConnection.limit_rate=False"

    /// Starts the server and waits (polling, up to 120 s) until it accepts connections.
    init(_ kind: Kind) async throws {
        self.kind = kind
        port = try TestIOC.freePort()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pyexec-jupyter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        log = folder.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: TestIOC.python)
        switch kind {
        case .jupyterServer:
            process.arguments = [
                "-m", "jupyter_server", "--ServerApp.ip=127.0.0.1", "--ServerApp.port=\(port)", "--ServerApp.port_retries=0",
                "--IdentityProvider.token=\(token)", "--ServerApp.open_browser=False", "--ServerApp.allow_root=True",
                "--ServerApp.root_dir=\(folder.path)", Self.unthrottledOutput,
            ]
        case .kernelGateway:
            process.arguments = [
                "-m", "kernel_gateway", "--KernelGatewayApp.ip=127.0.0.1", "--KernelGatewayApp.port=\(port)",
                "--KernelGatewayApp.port_retries=0", "--KernelGatewayApp.auth_token=\(token)", Self.unthrottledOutput,
            ]
        }
        var environment = ProcessInfo.processInfo.environment
        for (name, sub) in [("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config"), ("IPYTHONDIR", "ipython")] {
            environment[name] = folder.appendingPathComponent(sub).path
        }
        environment["JUPYTER_PLATFORM_DIRS"] = "1"
        environment["KG_LIST_KERNELS"] = "True"  // the Kernel Gateway lists kernels only when asked to (the tests check the list)
        process.environment = environment
        process.currentDirectoryURL = folder
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while !TestIOC.accepts(port) {
            guard process.isRunning, Date() < deadline else {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
                throw ServerError.notStarted(kind, text)
            }
            try await Task.sleep(for: .milliseconds(50))  // polling interval, bounded by the deadline above
        }
    }

    enum ServerError: Error {
        case notStarted(Kind, String)
    }

    /// A configuration that runs code on this server (both modes), with the `python3` kernel.
    func configure(_ configuration: inout ExecutorConfiguration, token: String? = nil) {
        configuration.execution.executionMethod = .container
        configuration.execution.modes.readOnly.kernelName = "python3"
        configuration.execution.modes.writeAccess.kernelName = "python3"
        configuration.services.jupyter.read = ExecutorConfiguration.JupyterContainer(
            hostname: "127.0.0.1", portHost: port, executionModes: [.readOnly, .writeAccess], token: token ?? self.token)
        configuration.services.jupyter.interruptGraceSeconds = 3
    }

    /// The REST client for this server, with its token.
    var rest: JupyterREST {
        JupyterREST(endpoint: JupyterEndpoint(host: "127.0.0.1", port: port, token: token, kernelName: "python3"))
    }

    /// The kernel ids the server lists (`GET /api/kernels`).
    func kernelIDs() async throws -> [String] {
        try await rest.kernels().map(\.id)
    }

    /// Deletes every kernel, stops the server, and kills any kernel process of its runtime folder.
    func stop() async {
        for id in (try? await kernelIDs()) ?? [] { try? await rest.deleteKernel(id) }
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }  // polling, bounded
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        for pid in leftoverKernels() { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Processes whose command line names this server's runtime folder (its kernels' connection files).
    func leftoverKernels() -> [pid_t] {
        let marker = folder.appendingPathComponent("runtime").path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            return String(decoding: data, as: UTF8.self).contains(marker) ? pid : nil
        }
    }
}
