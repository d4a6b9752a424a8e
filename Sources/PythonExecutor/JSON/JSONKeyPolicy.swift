/// What ``ReferenceJSONPolicy`` does with a dictionary key that `json.dumps` cannot
/// write (a tuple, `bytes`, a `datetime`, an arbitrary object).
public enum JSONKeyPolicy: Sendable, Hashable {
    /// As Osprey's `make_json_serializable`: the whole value becomes
    /// `{"_serialization_failed": true, …}`.
    case reference
    /// The key is written as its `str()` text (`(1, 2)` → `"(1, 2)"`,
    /// `b'k'` → `"b'k'"`); every other key and value keeps its shape.
    case text
}
