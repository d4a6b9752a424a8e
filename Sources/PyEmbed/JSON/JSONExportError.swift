/// Why a value could not be exported as JSON.
public enum JSONExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Containers nest deeper than the export's limit (Python's `json.dumps`
    /// raises `RecursionError` at about the same depth).
    case tooDeep(limit: Int)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case let .tooDeep(limit): return "containers nest deeper than the JSON export's limit of \(limit)"
        }
    }
}
