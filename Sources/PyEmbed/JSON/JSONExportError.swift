/// Why a value could not be exported as JSON.
public enum JSONExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Containers nest deeper than the export's limit (Python's `json.dumps`
    /// raises `RecursionError` at about the same depth).
    case tooDeep(limit: Int)
    /// An index would have to be expanded into more labels than the export makes
    /// (a `RangeIndex` holds only start, stop and step; its labels are made up).
    case tooManyLabels(count: Int, limit: Int)
    /// The policy would not write a dictionary key (see
    /// ``PythonValueJSONPolicy/json(forUnwritableKey:in:)``), with its reason.
    case unwritableKey(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case let .tooDeep(limit): return "containers nest deeper than the JSON export's limit of \(limit)"
        case let .tooManyLabels(count, limit): return "an index has \(count) labels, more than the JSON export makes (\(limit))"
        case let .unwritableKey(reason): return "a dictionary key cannot be written as JSON: \(reason)"
        }
    }
}
