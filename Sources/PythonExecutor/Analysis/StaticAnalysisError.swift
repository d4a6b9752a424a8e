/// The analysis itself could not run (never a verdict on the code).
public enum StaticAnalysisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The embedded Python helper could not be loaded or raised.
    case helperFailed(String)
    /// The helper answered with something that is not a report.
    case malformedResult(String)

    /// One line saying what went wrong.
    public var description: String {
        switch self {
        case let .helperFailed(message): return "static analysis helper failed: \(message)"
        case let .malformedResult(message): return "static analysis returned an unreadable result: \(message)"
        }
    }
}
