/// What the static analysis found, and whether the code may go on to approval and execution.
public struct AnalysisReport: Sendable, Hashable, Codable {
    /// Why the code does not parse, if it does not (blocking).
    public var syntaxError: SyntaxProblem?
    /// Risky constructs: errors block, warnings are passed on.
    public var securityFindings: [SecurityFinding]
    /// Control-system writes.
    public var channelWrites: [ChannelOperation]
    /// Control-system reads.
    public var channelReads: [ChannelOperation]
    /// Whether the code assigns a module-level `results` (see ``StaticAnalyzer`` for what counts).
    public var assignsResults: Bool
    /// `.writeAccess` exactly when the code writes to channels.
    public var executionMode: ExecutionMode
    /// Why the code must be regenerated; empty when it passed.
    public var blockingIssues: [String]
    /// Things the caller should know (the result's `analysis_warnings`).
    public var warnings: [String]

    /// Whether the code may go on: nothing blocks it.
    public var passed: Bool { blockingIssues.isEmpty }

    /// Creates a report.
    public init(
        syntaxError: SyntaxProblem? = nil, securityFindings: [SecurityFinding] = [],
        channelWrites: [ChannelOperation] = [], channelReads: [ChannelOperation] = [],
        assignsResults: Bool = false, executionMode: ExecutionMode = .readOnly,
        blockingIssues: [String] = [], warnings: [String] = []
    ) {
        self.syntaxError = syntaxError
        self.securityFindings = securityFindings
        self.channelWrites = channelWrites
        self.channelReads = channelReads
        self.assignsResults = assignsResults
        self.executionMode = executionMode
        self.blockingIssues = blockingIssues
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case syntaxError = "syntax_error", securityFindings = "security_findings"
        case channelWrites = "channel_writes", channelReads = "channel_reads"
        case assignsResults = "assigns_results", executionMode = "execution_mode"
        case blockingIssues = "blocking_issues", warnings
    }
}
