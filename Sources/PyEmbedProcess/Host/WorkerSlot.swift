import Synchronization

/// The one worker process a pool or a session uses: started on demand, and
/// started again when the previous one died.
final class WorkerSlot: Sendable {
    private let configuration: WorkerConfiguration
    private let mode: WorkerProcess.Mode
    private let connection = Mutex<WorkerConnection?>(nil)

    init(configuration: WorkerConfiguration, mode: WorkerProcess.Mode) {
        self.configuration = configuration
        self.mode = mode
    }

    /// The running worker, or a new one if there is none or it died.
    func current() throws(WorkerError) -> WorkerConnection {
        try connection.withLock { (current: inout WorkerConnection?) throws(WorkerError) -> WorkerConnection in
            if let worker = current, worker.isAlive { return worker }
            let worker = try WorkerConnection(configuration: configuration, mode: mode)
            current = worker
            return worker
        }
    }

    /// The worker's process id, if it is running.
    var processID: Int32? {
        connection.withLock { $0.flatMap { $0.isAlive ? $0.pid : nil } }
    }

    /// Whether the running worker's runs have a PID namespace of their own; `nil` when none is running.
    var isolatesProcessIDs: Bool? {
        connection.withLock { $0.flatMap { $0.isAlive ? $0.isolatesProcessIDs : nil } }
    }

    /// Ends the worker (`kill`: at once, else by closing its control socket); the next use starts a new one.
    func stop(kill: Bool) {
        connection.withLock { current in
            if kill { current?.killProcess() }
            current?.shutDown()
            current = nil
        }
    }
}
