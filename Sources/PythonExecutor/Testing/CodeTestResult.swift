/// The outcome of one case.
public struct CodeTestResult: Sendable, Hashable {
    /// The case's id.
    public var id: String
    /// The verdict.
    public var status: CodeTestStatus
    /// What went wrong, for every status but ``CodeTestStatus/passed``.
    public var error: CodeTestFailure?
    /// Wall-clock seconds the case took to run (analysis not included).
    public var seconds: Double
    /// What static analysis found in the code (reported; blocking only under the strict policy).
    public var findings: [SecurityFinding]

    /// Creates a result.
    public init(id: String, status: CodeTestStatus, error: CodeTestFailure? = nil, seconds: Double, findings: [SecurityFinding] = []) {
        self.id = id
        self.status = status
        self.error = error
        self.seconds = seconds
        self.findings = findings
    }
}
