import PyEmbed

/// What a human is asked to approve (the reference's approval payload).
public struct ApprovalRequest: Sendable, Hashable, Codable {
    /// The task the code is for.
    public var task: String
    /// Why approval is asked.
    public var reasoning: String
    /// The code that will run if approved, exactly.
    public var code: String
    /// What static analysis found (writes, reads, warnings).
    public var analysisDetails: [String]
    /// The mode the code runs in.
    public var executionMode: ExecutionMode
    /// The concerns a reviewer should weigh.
    public var safetyConcerns: [String]
    /// The pre-approval notebook.
    public var notebookPath: String
    /// A link to it.
    public var notebookLink: String
    /// The results the code should produce.
    public var expectedResults: [String: String]
    /// The execution folder.
    public var folder: String

    enum CodingKeys: String, CodingKey {
        case task, reasoning, code, analysisDetails = "analysis_details", executionMode = "execution_mode"
        case safetyConcerns = "safety_concerns", notebookPath = "notebook_path", notebookLink = "notebook_link"
        case expectedResults = "expected_results", folder
    }
}

/// A human's answer.
public enum ApprovalDecision: Sendable, Hashable, Codable {
    /// Run the code; `editedCode`, when given, runs instead of the proposed code.
    case approved(editedCode: String? = nil)
    /// Do not run it.
    case rejected(reason: String)
}

/// Something that asks a human (a UI, a terminal prompt) and answers.
public protocol ApprovalHandler: Sendable {
    /// Shows `request` to a human and returns the decision.
    func review(_ request: ApprovalRequest) async -> ApprovalDecision
}

/// An approval handler made from a closure.
public struct ClosureApprovalHandler: ApprovalHandler {
    private let body: @Sendable (ApprovalRequest) async -> ApprovalDecision

    /// Wraps `body`.
    public init(_ body: @escaping @Sendable (ApprovalRequest) async -> ApprovalDecision) {
        self.body = body
    }

    /// Calls the closure.
    public func review(_ request: ApprovalRequest) async -> ApprovalDecision {
        await body(request)
    }
}
