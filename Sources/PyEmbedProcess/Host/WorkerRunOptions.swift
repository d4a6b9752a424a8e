/// How one run in a worker process is run and limited.
public struct WorkerRunOptions: Sendable {
    /// Which variables of the run come back as Swift values.
    public enum Variables: Sendable, Hashable {
        /// Every variable the code defined that is not private (`_name`), an
        /// input, a module, a function or a class.
        case all
        /// Only these, when the code defined them.
        case named([String])
    }

    /// The file name tracebacks and `SyntaxError` show for the code.
    public var filename: String
    /// Wall-clock limit, counted from when the run is handed to the worker
    /// (after waiting for a free slot). At the deadline the run's whole process
    /// group is killed (`SIGKILL`), whatever the code is doing, by the host
    /// itself as well as by the worker. `nil`: no limit.
    public var timeout: Duration?
    /// Bytes of address space the run may add to the warm worker's (`RLIMIT_AS`);
    /// an allocation past it fails (`MemoryError`), reported as
    /// ``WorkerError/memoryLimitExceeded(bytes:output:)``. `nil`: no limit.
    public var memoryLimit: Int?
    /// Seconds of CPU time the run may use (`RLIMIT_CPU`). `nil`: no limit.
    public var cpuTimeLimit: Int?
    /// Bytes of stdout, and separately of stderr, kept; the rest is counted
    /// and dropped, and the kept text ends with a note saying so. Default 4 MiB.
    public var outputLimit: Int
    /// The most bytes the run's encoded results may take; a larger report is
    /// not read (``WorkerError/resultTooLarge(bytes:limit:output:)``). Default 1 GiB.
    public var resultLimit: Int
    /// The directory the code runs in; `nil`: the worker's own.
    public var workingDirectory: String?
    /// Variables set in the run's `os.environ` before the code starts.
    public var environment: [String: String]
    /// Which variables come back. Default ``Variables/all``.
    public var variables: Variables
    /// Called with the run's output as it is written (on an I/O thread: return quickly).
    public var onOutput: (@Sendable (WorkerOutputChunk) -> Void)?

    /// Creates options; by default a run has no limits but the 4 MiB output cap.
    public init(
        filename: String = "<generated>", timeout: Duration? = nil, memoryLimit: Int? = nil, cpuTimeLimit: Int? = nil,
        outputLimit: Int = 4 << 20, resultLimit: Int = 1 << 30, workingDirectory: String? = nil, environment: [String: String] = [:],
        variables: Variables = .all, onOutput: (@Sendable (WorkerOutputChunk) -> Void)? = nil
    ) {
        self.filename = filename
        self.timeout = timeout
        self.memoryLimit = memoryLimit
        self.cpuTimeLimit = cpuTimeLimit
        self.outputLimit = outputLimit
        self.resultLimit = resultLimit
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.variables = variables
        self.onOutput = onOutput
    }
}

/// A piece of a run's output, as it arrives.
public struct WorkerOutputChunk: Sendable, Hashable {
    /// Which stream it was written to.
    public enum Stream: Sendable, Hashable {
        /// Standard output.
        case stdout
        /// Standard error.
        case stderr
    }

    /// The stream.
    public var stream: Stream
    /// The text (whole UTF-8 sequences; invalid bytes become U+FFFD).
    public var text: String
}
