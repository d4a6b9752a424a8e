/// A persistent worker process whose runs share one namespace: variables
/// defined by one run are there for the next, as in a notebook, with the same
/// limits and the same isolation from the host as ``WorkerPool`` runs.
///
/// Runs happen one at a time. A run that ends in any way but success or a
/// Python exception (a timeout, cancellation, a crash, an exit) kills the
/// session's process, so its variables are lost; ``reset()`` does the same on
/// purpose. The next run starts a fresh process. Memory and CPU-time
/// limits are soft limits in a session (the process outlives the run), so
/// code could raise them; the wall-clock ``WorkerRunOptions/timeout`` stays hard.
public final class WorkerSession: Sendable {
    /// How the session's process is started.
    public let configuration: WorkerConfiguration
    private let slot: WorkerSlot
    private let serial = AsyncLimiter(limit: 1)

    /// Creates a session; its process starts with the first run.
    public init(configuration: WorkerConfiguration = WorkerConfiguration()) {
        self.configuration = configuration
        slot = WorkerSlot(configuration: configuration, mode: .session)
    }

    deinit {
        reset()
    }

    /// Runs `code` in the session's namespace.
    ///
    /// - Throws: ``WorkerError``, as ``WorkerPool/run(_:inputs:options:)``.
    public func run(
        _ code: String, inputs: [String: PythonValue] = [:], options: WorkerRunOptions = WorkerRunOptions()
    ) async throws(WorkerError) -> WorkerRunOutput {
        try await serial.withSlot { () async throws(WorkerError) -> WorkerRunOutput in
            let worker = try slot.current()
            try await worker.ready()
            do throws(WorkerError) {
                return try await RunExecution.perform(code, inputs: inputs, options: options, on: worker) { worker, _ in
                    worker.killProcess()
                }
            } catch {
                // Any ending but a Python exception (reported by the session itself) leaves the session in an
                // unknown state — its code may even have forged the worker's messages: end it.
                if case .exception = error {} else { slot.stop(kill: true) }
                throw error
            }
        }
    }

    /// The session's process id, if it is running.
    public var processID: Int32? { slot.processID }

    /// Whether the session's runs have a PID namespace of their own; `nil` until it has started.
    public var isolatesProcessIDs: Bool? { slot.isolatesProcessIDs }

    /// Ends the session's process; the next run starts with no variables.
    public func reset() {
        slot.stop(kill: true)
    }
}
