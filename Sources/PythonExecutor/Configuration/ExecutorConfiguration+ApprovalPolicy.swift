extension ExecutorConfiguration {
    /// Whether code that runs in `mode` (and writes to channels when `hasWrites`) needs approval.
    ///
    /// See ``approvalRequirement(mode:hasWrites:)`` for the rules.
    public func requiresApproval(mode: ExecutionMode, hasWrites: Bool) -> Bool {
        approvalRequirement(mode: mode, hasWrites: hasWrites).needsApproval
    }

    /// Decides whether code needs approval, combining the three settings that bear on it.
    ///
    /// 1. `approval.global_mode: disabled` — never (the master switch wins over everything).
    /// 2. The capability: enabled when `global_mode` is `all_capabilities`, else by
    ///    `python_execution.enabled`. When enabled, its mode decides: `disabled` no,
    ///    `control_writes` iff `hasWrites`, `all_code` yes (the reference's evaluator).
    /// 3. The execution mode: when the capability says no, `execution.modes.<mode>.requires_approval`
    ///    can still say yes (a write-access kernel that always asks, for instance).
    public func approvalRequirement(mode: ExecutionMode, hasWrites: Bool) -> ApprovalRequirement {
        if approval.globalMode == .disabled {
            return ApprovalRequirement(needsApproval: false, reasoning: "approval is disabled globally (approval.global_mode: disabled)")
        }
        let capability = capabilityRequirement(hasWrites: hasWrites)
        if !capability.needsApproval && execution.modes[mode].requiresApproval {
            return ApprovalRequirement(
                needsApproval: true,
                reasoning: "execution mode '\(mode.rawValue)' requires approval (execution.modes.\(mode.rawValue).requires_approval)")
        }
        return capability
    }

    /// The Python-execution capability's own decision.
    private func capabilityRequirement(hasWrites: Bool) -> ApprovalRequirement {
        let enabled = approval.globalMode == .allCapabilities || approval.pythonExecution.enabled
        guard enabled else { return ApprovalRequirement(needsApproval: false, reasoning: "Python execution approval is disabled") }
        switch approval.pythonExecution.mode {
        case .disabled:
            return ApprovalRequirement(needsApproval: false, reasoning: "the approval mode is disabled")
        case .controlWrites:
            return hasWrites
                ? ApprovalRequirement(needsApproval: true, reasoning: "the code writes to the control system")
                : ApprovalRequirement(needsApproval: false, reasoning: "the code does not write to the control system")
        case .allCode:
            return ApprovalRequirement(needsApproval: true, reasoning: "all code requires approval")
        }
    }
}
