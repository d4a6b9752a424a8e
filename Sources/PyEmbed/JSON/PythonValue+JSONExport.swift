import Foundation

extension PythonValue {
    /// The deepest container nesting ``jsonValue(policy:)`` exports.
    public static let jsonDepthLimit = 512

    /// The value as strict JSON (RFC 8259), with `policy` deciding the shape
    /// of what JSON has no form for.
    ///
    /// `None`, `bool`, `int` (any size, exact), `float`, `str`, `list`,
    /// `tuple` (an array) and `dict` (an object, members in order) are written
    /// as they are; every other value, and every dictionary key that is not a
    /// `str`, as `policy` says (``PlainJSONPolicy``, the default, lists its
    /// shapes).
    ///
    /// **Non-finite floats become `null`.** Strict JSON has no NaN or
    /// infinity, and Python's `NaN`/`Infinity` tokens break most parsers; this
    /// value itself keeps them exactly. Strings with lone surrogates were
    /// already replaced by U+FFFD when the value was converted (Swift strings
    /// cannot hold them).
    ///
    /// - Throws: ``JSONExportError/tooDeep(limit:)`` for containers nested
    ///   deeper than ``jsonDepthLimit``, ``JSONExportError/tooManyLabels(count:limit:)``
    ///   for an index too large to expand, and what the policy throws for a
    ///   key it will not write (``PythonValueJSONPolicy/json(forUnwritableKey:in:)``).
    /// - Complexity: O(*n*) in the number of values.
    public func jsonValue(policy: some PythonValueJSONPolicy = PlainJSONPolicy()) throws(JSONExportError) -> JSONValue {
        var encoder = PythonValueJSONEncoder(policy: policy, depthLimit: Self.jsonDepthLimit)
        do {
            return try encoder.encode(self)
        } catch {
            switch error {
            case let .unwritableKey(message): return try policy.json(forUnwritableKey: message, in: self)
            case .tooDeep: throw .tooDeep(limit: Self.jsonDepthLimit)
            case let .tooManyLabels(count): throw .tooManyLabels(count: count, limit: PythonValueJSONEncoder.maxExpandedLabels)
            }
        }
    }

    /// ``jsonValue(policy:)`` as UTF-8 JSON text: compact, or indented by two
    /// spaces exactly as Python's `json.dumps(…, indent=2, ensure_ascii=False)` would.
    public func jsonData(prettyPrinted: Bool = false, policy: some PythonValueJSONPolicy = PlainJSONPolicy()) throws(JSONExportError) -> Data {
        try jsonValue(policy: policy).data(prettyPrinted: prettyPrinted)
    }

    /// ``jsonValue(policy:)`` as JSON text; see ``jsonData(prettyPrinted:policy:)``.
    public func jsonString(prettyPrinted: Bool = false, policy: some PythonValueJSONPolicy = PlainJSONPolicy()) throws(JSONExportError) -> String {
        try jsonValue(policy: policy).text(prettyPrinted: prettyPrinted)
    }
}
