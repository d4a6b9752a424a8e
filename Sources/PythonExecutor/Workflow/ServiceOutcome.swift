/// How a service run ended when it did not throw.
public enum ServiceOutcome: Sendable, Hashable {
    /// The code ran and produced `results`.
    case success(PythonServiceResult)
    /// The run stopped for approval; it is saved in the execution folder.
    /// Continue it with ``PythonExecutorService/resume(folder:decision:approvedDigest:events:)``.
    case pendingApproval(PendingApproval)
    /// A human rejected the code; nothing ran.
    case rejected(reason: String, code: String, folder: String)

    /// The success, if the run succeeded.
    public var success: PythonServiceResult? {
        if case let .success(result) = self { return result }
        return nil
    }
}

/// A run waiting for a human, as saved in `pending_approval.json`.
public struct PendingApproval: Sendable, Hashable {
    /// What the human is asked.
    public var approval: ApprovalRequest
    /// The execution folder (where the pending state is saved).
    public var folder: String
    /// The attempt that produced the code.
    public var attempt: Int

    /// The SHA-256 of the code's UTF-8 bytes (64 lowercase hexadecimal digits):
    /// what a reviewer compares and approves (`pyexec resume --digest`).
    public var codeSHA256: String { approval.codeSHA256 }
}
