/// The workflow stage an attempt notebook records; its raw value is the middle
/// part of the file name `attempts/NN_<stage>_<HHMMSS>.ipynb`.
public enum AttemptStage: String, Codable, Sendable, Hashable, CaseIterable {
    /// Static analysis refused the code.
    case staticAnalysisFailed = "static_analysis_failed"
    /// The code does not parse.
    case syntaxError = "syntax_error"
    /// The code waits for a human's approval.
    case awaitingApproval = "awaiting_approval"
    /// The code ran and failed.
    case executionFailed = "execution_failed"

    /// The notebook type an attempt at this stage is tracked as.
    public var notebookType: NotebookType {
        switch self {
        case .staticAnalysisFailed, .syntaxError: return .codeGenerationAttempt
        case .awaitingApproval: return .preExecution
        case .executionFailed: return .executionAttempt
        }
    }
}
