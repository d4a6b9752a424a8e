import PyEmbed
import PyEmbedProcess

/// A named place whose variables outlive a run: the next run in the session sees them
/// (``RunOverrides/session``). Made by ``PythonExecutorService/makeSession(named:)`` for
/// the service's isolation tier: a persistent worker process in the process tier, a
/// named namespace of the embedded interpreter in process, kernels of its own on the
/// Jupyter servers with `execution_method: container`.
public final class PythonSession: Sendable {
    /// Where the session's variables live.
    enum Storage: Sendable {
        case worker(WorkerSession)
        case namespace(String, PythonRuntime)
        case kernel(JupyterSessionKernels)
    }

    /// The session's name.
    public let name: String
    let storage: Storage
    /// Runs in the session take turns: each sees the variables the previous one left.
    let turns = AsyncLimiter(limit: 1)

    init(name: String, storage: Storage) {
        self.name = name
        self.storage = storage
    }

    /// Forgets every variable: the next run starts empty. A session on Jupyter
    /// kernels has its kernels deleted on their servers (without waiting; the
    /// service's ``PythonExecutorService/shutDownKernels()`` waits for it).
    public func reset() {
        switch storage {
        case let .worker(session): session.reset()
        case let .namespace(namespace, runtime): runtime.resetNamespace(namespace)
        case let .kernel(kernels): kernels.reset()
        }
    }
}
