/// A file operation of an execution that failed: which path, and why.
public enum ExecutionFilesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A folder (the month folder, the execution folder, `attempts/`, `figures/`) could not be made.
    case directoryNotCreated(path: String, reason: String)
    /// A file could not be written (or moved into place).
    case writeFailed(path: String, reason: String)
    /// A path given to write to is not a plain path inside the execution folder.
    case invalidPath(path: String, reason: String)
    /// A value could not be turned into the file's text (JSON, notebook).
    case encodingFailed(path: String, reason: String)

    /// The path the operation was about.
    public var path: String {
        switch self {
        case let .directoryNotCreated(path, _), let .writeFailed(path, _), let .invalidPath(path, _),
            let .encodingFailed(path, _):
            return path
        }
    }

    /// Why it failed.
    public var reason: String {
        switch self {
        case let .directoryNotCreated(_, reason), let .writeFailed(_, reason), let .invalidPath(_, reason),
            let .encodingFailed(_, reason):
            return reason
        }
    }

    /// One line naming the operation, the path and the reason.
    public var description: String {
        switch self {
        case .directoryNotCreated: return "cannot create folder \(path): \(reason)"
        case .writeFailed: return "cannot write \(path): \(reason)"
        case .invalidPath: return "invalid path \(path): \(reason)"
        case .encodingFailed: return "cannot encode \(path): \(reason)"
        }
    }
}
