import PyEmbed

/// Where a run is: the explicit state the workflow's stage functions pass on.
///
/// Each stage is a function of (request, state) → state, so a run can stop
/// at approval, be written to disk (``PendingState``) and continue later.
struct WorkflowState: Sendable {
    /// The next step.
    enum Step: Sendable {
        case generate
        case analyse
        case approve
        case execute
        case finished(ServiceOutcome)

        /// The stage this step runs, `nil` once finished.
        var stage: PythonExecutorError.Stage? {
            switch self {
            case .generate: return .generation
            case .analyse: return .analysis
            case .approve: return .approval
            case .execute: return .execution
            case .finished: return nil
            }
        }
    }

    var step: Step = .generate
    /// Attempts started so far (1-based once the first starts).
    var attempt = 0
    /// Every failure so far, fed back to the generator.
    var errorChain: [ExecutionError] = []
    /// The current attempt's code.
    var code: String = ""
    /// The current code's analysis.
    var report: AnalysisReport?
    /// Warnings gathered for the result.
    var warnings: [String] = []
    /// Code a human approved; analysis lets exactly this code skip a second approval.
    var approvedCode: String?
    /// The execution folder and its files.
    var files: ExecutionFiles
    /// The caller's choices for this run.
    var overrides = RunOverrides()
}
