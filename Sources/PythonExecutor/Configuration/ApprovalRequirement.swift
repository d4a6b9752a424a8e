/// Whether code needs a human's approval, and why (the reference's evaluator decision).
public struct ApprovalRequirement: Sendable, Hashable {
    /// Whether the code must be approved before it runs.
    public var needsApproval: Bool
    /// Why, in words (for logs and the approval request).
    public var reasoning: String

    /// Creates a decision.
    public init(needsApproval: Bool, reasoning: String) {
        self.needsApproval = needsApproval
        self.reasoning = reasoning
    }
}
