import Synchronization

/// A kernel the engine started, with its open channels. A kernel runs one
/// execution at a time (``JupyterKernelPool`` hands it to one run).
final class JupyterKernel: Sendable {
    /// The server's kernel id.
    let id: String
    /// Where it runs.
    let endpoint: JupyterEndpoint
    /// Its channels.
    let channel: JupyterChannel
    private let prepared = Mutex(false)

    init(id: String, endpoint: JupyterEndpoint, channel: JupyterChannel) {
        self.id = id
        self.endpoint = endpoint
        self.channel = channel
    }

    /// The REST client for its server.
    var rest: JupyterREST { JupyterREST(endpoint: endpoint) }

    /// Whether the helper modules are installed (false again after a restart).
    var isPrepared: Bool {
        get { prepared.withLock { $0 } }
        set { prepared.withLock { $0 = newValue } }
    }
}
