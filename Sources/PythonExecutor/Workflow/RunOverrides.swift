import PyEmbedProcess

/// Per-run choices that replace the service's own for one ``PythonExecutorService/execute(_:overrides:events:)``
/// call: a server that takes code, sessions and time limits from each caller shares one warm service.
public struct RunOverrides: Sendable {
    /// Writes the code for this run instead of the service's generator.
    public var generator: (any CodeGenerator)?
    /// Runs the code in this session's namespace, where earlier runs' variables are kept.
    public var session: PythonSession?
    /// Seconds the code may run, instead of `python_executor.execution_timeout_seconds`.
    public var timeoutSeconds: Double?
    /// Asked instead of the service's approval handler when the code needs approval.
    public var approvalHandler: (any ApprovalHandler)?
    /// Receives what the code prints while it runs (the process tier streams it; other tiers do not call it).
    public var onOutput: (@Sendable (WorkerOutputChunk) -> Void)?

    /// Creates overrides; each `nil` keeps the service's own setting.
    public init(
        generator: (any CodeGenerator)? = nil, session: PythonSession? = nil, timeoutSeconds: Double? = nil,
        approvalHandler: (any ApprovalHandler)? = nil, onOutput: (@Sendable (WorkerOutputChunk) -> Void)? = nil
    ) {
        self.generator = generator
        self.session = session
        self.timeoutSeconds = timeoutSeconds
        self.approvalHandler = approvalHandler
        self.onOutput = onOutput
    }
}
