/// Writes ``PythonValue``s as strict JSON (RFC 8259), asking a
/// ``PythonValueJSONPolicy`` for the values JSON has no form for.
///
/// Builtins are written here; numbers of numpy arrays go straight to their
/// text. Policies call back into the encoder for the values they contain,
/// so nesting is counted and limited in one place.
public struct PythonValueJSONEncoder {
    /// Why an export stops.
    public enum Failure: Error, Sendable, Hashable {
        /// A dictionary key the policy will not write, with the reason.
        case unwritableKey(String)
        /// Containers nest deeper than ``depthLimit``.
        case tooDeep
        /// An index whose labels would have to be made up, more of them than ``maxExpandedLabels``.
        case tooManyLabels(Int)
    }

    /// The most labels a compact index (a `RangeIndex`) is expanded to: a
    /// range of 2^62 rows holds no data but would take exabytes as labels.
    public static let maxExpandedLabels = 100_000_000

    /// The deepest container nesting written.
    public let depthLimit: Int
    /// What becomes of values and keys JSON has no form for.
    public let policy: any PythonValueJSONPolicy
    private var depth = 0

    /// Creates an encoder.
    public init(policy: any PythonValueJSONPolicy, depthLimit: Int) {
        self.policy = policy
        self.depthLimit = depthLimit
    }

    /// The JSON for `value`: builtins as JSON writes them, anything else as the policy says.
    public mutating func encode(_ value: PythonValue) throws(Failure) -> JSONValue {
        switch value {
        case .none: return .null
        case let .bool(flag): return .bool(flag)
        case let .int(integer): return .number(integer)
        case let .float(number): return .number(number)
        case let .string(text): return .string(text)
        case let .list(items), let .tuple(items): return try array(items)
        case let .dict(dictionary): return try object(dictionary)
        default: return try policy.json(for: value, encoder: &self)
        }
    }

    /// Runs `body` one level deeper, failing past ``depthLimit``.
    public mutating func nested(_ body: (inout PythonValueJSONEncoder) throws(Failure) -> JSONValue) throws(Failure) -> JSONValue {
        guard depth < depthLimit else { throw .tooDeep }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    /// An array of `items`, each encoded.
    public mutating func array(_ items: [PythonValue]) throws(Failure) -> JSONValue {
        try nested { (encoder) throws(Failure) in
            var encoded: [JSONValue] = []
            encoded.reserveCapacity(items.count)
            for item in items { encoded.append(try encoder.encode(item)) }
            return .array(encoded)
        }
    }

    /// A dictionary key: a `str` as is, any other key as the policy says.
    public func key(_ key: PythonValue) throws(Failure) -> String {
        if case let .string(text) = key { return text }
        return try policy.key(for: key)
    }

    /// A dictionary's members, in order.
    private mutating func object(_ dictionary: PythonDictionary) throws(Failure) -> JSONValue {
        try nested { (encoder) throws(Failure) in
            var members: [JSONMember] = []
            members.reserveCapacity(dictionary.count)
            for entry in dictionary.entries {
                let key = try encoder.key(entry.key)
                members.append(JSONMember(key, try encoder.encode(entry.value)))
            }
            return .object(members)
        }
    }
}
