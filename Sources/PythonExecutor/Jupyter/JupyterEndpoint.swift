import Foundation

/// One Jupyter server (Jupyter Server, Kernel Gateway or Enterprise Gateway) and
/// the kernel to start on it: where the REST API and the kernel channels are,
/// and how to authenticate.
struct JupyterEndpoint: Sendable, Hashable {
    /// Host name or address.
    var host: String
    /// TCP port.
    var port: Int
    /// Whether the server speaks TLS (`https`, `wss`).
    var useHTTPS: Bool
    /// The server's base path, always starting and ending with `/`.
    var basePath: String
    /// The token sent as `Authorization: token …`, if any.
    var token: String?
    /// The kernel spec to start (`execution.modes.<mode>.kernel_name`).
    var kernelName: String

    init(host: String, port: Int, useHTTPS: Bool = false, basePath: String = "/", token: String? = nil, kernelName: String) {
        self.host = host
        self.port = port
        self.useHTTPS = useHTTPS
        let trimmed = basePath.split(separator: "/").joined(separator: "/")
        self.basePath = trimmed.isEmpty ? "/" : "/\(trimmed)/"
        self.token = token
        self.kernelName = kernelName
    }

    /// The endpoint for `mode` in `configuration`: the container serving the mode
    /// (`services.jupyter.containers`) with the mode's kernel (`execution.modes.<mode>.kernel_name`).
    ///
    /// - Throws: ``PythonExecutorError/containerConfiguration(_:)`` when no container
    ///   serves the mode, the kernel name is empty, or `token_env` names an unset variable.
    static func resolve(_ mode: ExecutionMode, in configuration: ExecutorConfiguration) throws(PythonExecutorError) -> JupyterEndpoint {
        guard let container = configuration.services.jupyter.container(for: mode) else {
            let slot = mode == .readOnly ? "read" : "write"
            throw .containerConfiguration(
                "execution mode '\(mode.rawValue)' has no Jupyter server: set services.jupyter.containers.\(slot) (hostname, port_host) or list the mode in a container's execution_modes")
        }
        let kernelName = configuration.execution.modes[mode].kernelName
        guard !kernelName.isEmpty else {
            throw .containerConfiguration("execution.modes.\(mode.rawValue).kernel_name is empty; name the kernel spec to start (for example python3)")
        }
        var token = container.token
        if token == nil, let variable = container.tokenEnv {
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                throw .containerConfiguration("the Jupyter token variable \(variable) (token_env) is not set in this process's environment")
            }
            token = value
        }
        return JupyterEndpoint(
            host: container.hostname, port: container.portHost, useHTTPS: container.useHTTPS, basePath: container.basePath,
            token: token, kernelName: kernelName)
    }

    /// `http(s)://host:port/base/` followed by `path` (which has no leading `/`).
    func httpURL(_ path: String) -> String {
        "\(useHTTPS ? "https" : "http")://\(authority)\(basePath)\(path)"
    }

    /// The kernel channels' WebSocket URL for `kernelID`.
    func channelsURL(kernelID: String, sessionID: String) -> String {
        "\(useHTTPS ? "wss" : "ws")://\(authority)\(basePath)api/kernels/\(kernelID)/channels?session_id=\(sessionID)"
    }

    /// `host:port`, with brackets around an IPv6 address.
    var authority: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// What errors name as the server: its base URL.
    var description: String { httpURL("") }
}
