/// Why a batch of code tests could not be run (a case that fails is a result, not an error).
public enum CodeTestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A line of the cases file is not a case.
    case malformedCase(line: Int, reason: String)
    /// An option was rejected.
    case invalidOption(String)
    /// The isolation tier could not be started.
    case tierUnavailable(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case let .malformedCase(line, reason): return "line \(line) of the cases is not a case: \(reason)"
        case let .invalidOption(message): return message
        case let .tierUnavailable(message): return "the isolation tier could not start: \(message)"
        }
    }
}
