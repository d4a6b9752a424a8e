/// When Python code needs a human's approval (`approval.capabilities.python_execution.mode`).
public enum ApprovalMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// Never.
    case disabled
    /// When the code writes to the control system. The reference's deprecated `epics_writes` is read as this.
    case controlWrites = "control_writes"
    /// Always.
    case allCode = "all_code"
}

/// The switch over every capability's approval (`approval.global_mode`).
public enum GlobalApprovalMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// No approval anywhere, whatever the capability settings say.
    case disabled
    /// Each capability's own settings decide.
    case selective
    /// Every capability's approval is enabled; its mode still decides when.
    case allCapabilities = "all_capabilities"
}
