/// A JSON (RFC 8259) value: what ``PythonValue/jsonValue(policy:)`` builds and
/// ``data(prettyPrinted:)`` writes.
///
/// Objects keep their members in order (and, like Python's `json`, keep
/// repeated keys); numbers keep their exact text, so integers of any size
/// and the shortest round-trip form of doubles survive unchanged. There is no
/// NaN or infinity: JSON has none.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, by its exact text.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object: its members in order.
    case object([JSONMember])
}

extension JSONValue {
    /// A double as a number, or `null` when it is NaN or infinite (JSON has neither).
    public static func number(_ value: Double) -> JSONValue {
        JSONNumber(value).map(JSONValue.number) ?? .null
    }

    /// An integer as a number, exact at any size.
    public static func number(_ value: PythonInteger) -> JSONValue {
        .number(JSONNumber(value))
    }
}
