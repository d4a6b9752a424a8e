/// Runs code in worker processes forked from one warm `pyembed-worker`, so
/// that each run is isolated, killable and limited, yet starts in about a
/// millisecond with numpy, pandas and matplotlib already imported.
///
/// ```swift
/// let pool = WorkerPool()
/// let run = try await pool.run("import numpy as np\nx = np.arange(3.0)", options: WorkerRunOptions(timeout: .seconds(5)))
/// print(run["x"]!)   // .array(NDArray…)
/// ```
///
/// Each run is a fresh child process: nothing a run changes (modules,
/// builtins, `os.environ`, the working directory, signal handlers) is seen by
/// the next. The worker starts on first use (or ``start()``); if it dies, the
/// next run starts a new one, and runs in flight at that moment fail with
/// ``WorkerError/workerUnavailable(_:)``. Results arrive as the same Swift
/// values an in-process run gives.
public final class WorkerPool: Sendable {
    /// How the worker is started.
    public let configuration: WorkerConfiguration
    private let slot: WorkerSlot
    private let limiter: AsyncLimiter

    /// Creates a pool; no process starts until the first run or ``start()``.
    public init(configuration: WorkerConfiguration = WorkerConfiguration()) {
        self.configuration = configuration
        slot = WorkerSlot(configuration: configuration, mode: .forkServer)
        limiter = AsyncLimiter(limit: configuration.maxConcurrentRuns)
    }

    deinit {
        shutDown()
    }

    /// Starts the worker now (if it is not running) and waits until it is ready.
    ///
    /// - Returns: the modules it preloaded.
    @discardableResult
    public func start() async throws(WorkerError) -> [String] {
        let worker = try slot.current()
        try await worker.ready()
        return worker.preloaded
    }

    /// Runs `code` in a new child of the warm worker.
    ///
    /// - Parameters:
    ///   - inputs: variables set before the code runs.
    ///   - options: limits, working directory, environment, which variables come back.
    /// - Returns: the output and the variables, as Swift values.
    /// - Throws: ``WorkerError`` for every way a run can fail; the host process is never affected.
    public func run(
        _ code: String, inputs: [String: PythonValue] = [:], options: WorkerRunOptions = WorkerRunOptions()
    ) async throws(WorkerError) -> WorkerRunOutput {
        try await limiter.withSlot { () async throws(WorkerError) -> WorkerRunOutput in
            let worker = try slot.current()
            try await worker.ready()
            // A run's process is killed at its deadline, and once its report is in (a no-op for one already exiting).
            let kill: RunExecution.Stopper = { worker, id in worker.kill(id) }
            return try await RunExecution.perform(code, inputs: inputs, options: options, on: worker, stop: kill, settle: kill)
        }
    }

    /// The warm worker's process id, if it is running.
    public var workerProcessID: Int32? { slot.processID }

    /// Whether the running worker's runs have a PID namespace of their own
    /// (``WorkerConfiguration/pidNamespace``); `nil` until it has started.
    public var isolatesProcessIDs: Bool? { slot.isolatesProcessIDs }

    /// Stops the worker; runs in flight are killed. A later run starts a new one.
    public func shutDown() {
        slot.stop(kill: false)
    }
}
