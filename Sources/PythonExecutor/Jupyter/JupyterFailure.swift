/// How talking to a Jupyter server or kernel failed; ``executorError`` maps it
/// to the reference's error family.
enum JupyterFailure: Error, Sendable {
    /// The server did not answer (refused, unresolvable, timed out, TLS failed).
    case unreachable(JupyterEndpoint, String)
    /// The server refused the token (HTTP 401/403).
    case unauthorized(JupyterEndpoint, status: UInt)
    /// An unexpected HTTP status, with the server's text.
    case httpStatus(UInt, String)
    /// The server or kernel broke the protocol.
    case protocolViolation(String)
    /// The kernel channels closed while a run was waiting.
    case channelClosed(JupyterEndpoint, kernelID: String)
    /// The kernel process died (`os._exit`, a crash) during a run.
    case kernelDied(kernelID: String, state: String)

    /// The executor's error: configuration problems (token, kernel spec) as
    /// ``PythonExecutorError/containerConfiguration(_:)``, everything about
    /// reaching the server as ``PythonExecutorError/containerConnectivity(message:host:port:)``,
    /// a dead kernel as ``PythonExecutorError/crashed(_:attempt:folder:)``.
    func executorError(attempt: Int, folder: String? = nil) -> PythonExecutorError {
        switch self {
        case let .unreachable(endpoint, detail):
            return .containerConnectivity(
                message: "the Jupyter server at \(endpoint.description) could not be reached (\(detail)); check that it runs and services.jupyter.containers' hostname, port_host and use_https",
                host: endpoint.host, port: endpoint.port)
        case let .unauthorized(endpoint, status):
            return .containerConfiguration(
                "the Jupyter server at \(endpoint.description) refused the request (HTTP \(status)): the token is missing or wrong; set services.jupyter.containers.<name>.token or token_env")
        case let .httpStatus(_, text):
            return .containerConfiguration(text)
        case let .protocolViolation(text):
            return .containerConnectivity(message: text, host: "unknown", port: 0)
        case let .channelClosed(endpoint, kernelID):
            return .containerConnectivity(
                message: "the WebSocket to kernel \(kernelID) at \(endpoint.description) closed during the run", host: endpoint.host, port: endpoint.port)
        case let .kernelDied(kernelID, state):
            return .crashed(
                ProcessCrash(
                    process: .kernel, kernelID: kernelID, kernelState: state,
                    message: "the Jupyter kernel \(kernelID) died during the run (the server reported kernel state '\(state)': os._exit, a crash in native code, or killed); no results were produced; the kernel was replaced"),
                attempt: attempt, folder: folder)
        }
    }
}
