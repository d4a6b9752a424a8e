/// Why a paused run could not be approved, rejected or resumed.
public enum ApprovalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `folder` holds no `pending_approval.json` and no decision: it is not a paused run.
    case notPending(folder: String)
    /// The approval in `folder` was already decided (`approval_decision.json` exists).
    case alreadyDecided(folder: String)
    /// `pending_approval.json` could not be read or decoded.
    case unreadable(path: String, reason: String)
    /// The stored code (or the folder, or `context.json`) is not what was sealed
    /// when the run paused: someone changed it since.
    case sealBroken(folder: String)
    /// The reviewer approved a version (`expected` SHA-256) other than the stored code's (`actual`).
    case digestMismatch(folder: String, expected: String, actual: String)
    /// `--digest` (or `approvedDigest`) is not 64 hexadecimal digits.
    case invalidDigest(String)
    /// The decision could not be recorded; the approval is still pending.
    case decisionNotRecorded(folder: String, reason: String)
    /// The per-user approval key could not be made or read.
    case keyUnavailable(path: String, reason: String)

    /// One line: what, where, and what to do.
    public var description: String {
        switch self {
        case let .notPending(folder):
            return "no pending approval in \(folder): it is not a run that stopped for approval"
        case let .alreadyDecided(folder):
            return "the approval in \(folder) was already decided (see approval_decision.json); nothing was run again"
        case let .unreadable(path, reason):
            return "\(path) is unreadable: \(reason)"
        case let .sealBroken(folder):
            return "the code waiting for approval in \(folder) is not the code that was analysed and shown (its seal does not match): it was changed or copied from elsewhere; nothing ran — run the code again to get a fresh approval"
        case let .digestMismatch(folder, expected, actual):
            return "the approved version (sha256 \(expected)) is not the code waiting in \(folder) (sha256 \(actual)); nothing ran — review the code again (pyexec resume \(folder)) and approve its digest"
        case let .invalidDigest(text):
            return "'\(text)' is not a SHA-256 digest: give the 64 hexadecimal digits shown by pyexec resume"
        case let .decisionNotRecorded(folder, reason):
            return "the decision could not be recorded in \(folder) (\(reason)); the approval is still pending — free space or fix permissions and resume again"
        case let .keyUnavailable(path, reason):
            return "the approval key \(path) cannot be used: \(reason) (set PYEXEC_APPROVAL_KEY_FILE to another file, outside execution folders)"
        }
    }
}
