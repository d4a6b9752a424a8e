/// What a notebook was written for (the reference's `NotebookType`).
public enum NotebookType: String, Codable, Sendable, Hashable, CaseIterable {
    /// After code generation, before (or failing) analysis.
    case codeGenerationAttempt = "code_generation_attempt"
    /// After analysis, before execution (the pre-approval notebook).
    case preExecution = "pre_execution"
    /// During or right after an execution (a failed run).
    case executionAttempt = "execution_attempt"
    /// The final notebook of a successful run.
    case finalSuccess = "final_success"
    /// The final notebook of a failed run.
    case finalFailure = "final_failure"
}
