/// Whether the code may write to the control system (the reference's execution modes).
public enum ExecutionMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Reads only: any channel write is refused.
    case readOnly = "read_only"
    /// Writes allowed (after approval, when the policy asks for it).
    case writeAccess = "write_access"
}

/// How one execution mode runs (`execution.modes.<mode>` in the configuration).
public struct ExecutionModeConfig: Sendable, Hashable, Codable {
    /// The Jupyter kernel that runs code in this mode (container execution).
    public var kernelName: String
    /// Whether code in this mode may write to channels.
    public var allowsWrites: Bool
    /// Whether code in this mode always needs human approval.
    public var requiresApproval: Bool
    /// Environment variables set for the code.
    public var environment: [String: String]

    /// Creates a mode configuration.
    public init(kernelName: String, allowsWrites: Bool, requiresApproval: Bool = false, environment: [String: String] = [:]) {
        self.kernelName = kernelName
        self.allowsWrites = allowsWrites
        self.requiresApproval = requiresApproval
        self.environment = environment
    }

    enum CodingKeys: String, CodingKey {
        case kernelName = "kernel_name", allowsWrites = "allows_writes", requiresApproval = "requires_approval", environment
    }
}
