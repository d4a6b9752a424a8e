/// How a batch of code tests runs.
public struct CodeTestOptions: Sendable, Hashable {
    /// Where the cases run.
    public var isolation: CodeTestIsolation
    /// Each case's time limit.
    public var timeout: Duration
    /// How many cases run at once (for in-process runs, one: they share one interpreter thread).
    public var jobs: Int
    /// Whether static analysis runs on each case (its findings are reported).
    public var analyzes: Bool
    /// Whether a case that analysis blocks is rejected instead of run (`--policy strict`).
    public var strict: Bool
    /// The analysis settings.
    public var analysis: AnalysisConfiguration

    /// Creates options: sub-interpreters, 10 s per case, one at a time, analysed, not strict.
    public init(
        isolation: CodeTestIsolation = .subinterpreter, timeout: Duration = .seconds(10), jobs: Int = 1,
        analyzes: Bool = true, strict: Bool = false, analysis: AnalysisConfiguration = AnalysisConfiguration()
    ) {
        self.isolation = isolation
        self.timeout = timeout
        self.jobs = jobs
        self.analyzes = analyzes
        self.strict = strict
        self.analysis = analysis
    }
}
