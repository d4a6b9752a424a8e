import Foundation

extension PythonValue {
    /// The deepest container nesting ``jsonValue()`` exports.
    public static let jsonDepthLimit = 512

    /// The value in the shape Osprey's `make_json_serializable` gives it, as
    /// JSON (the reference shape of `results.json`).
    ///
    /// The shape is what `json.loads(json.dumps(value, default=…))` returns:
    /// lists and tuples become arrays; dictionary keys become strings
    /// (`1` → `"1"`, `1.5` → `"1.5"`, `True` → `"true"`, `None` → `"null"`);
    /// `datetime` becomes its `isoformat()`; numpy arrays, numpy scalars and
    /// pandas `Series` and `Index` become their `tolist()`; a `DataFrame`
    /// becomes its `to_dict()`; a `Path` its string; sets become
    /// `{"items": [...], "_type": "set"}`; complex numbers
    /// `{"real", "imag", "_type": "complex"}`; matplotlib figures
    /// `{"_type": "matplotlib_figure", "figure_size", "dpi", "axes", "_note"}`
    /// (no PNG); other objects with `tolist()` or `item()` (`array.array`,
    /// `memoryview`, pandas `Categorical`) what that returns; `to_dict()`
    /// objects, dataclasses with one included, their `to_dict()`; `IntEnum` and
    /// `StrEnum` members their value; anything else (`date`, `time`,
    /// `timedelta`, `Decimal`, `bytes`, plain `Enum` members, dataclasses,
    /// unknown objects) `{"value": str(obj), "type", "module",
    /// "_serialization_note": "converted_to_string"}`. Masked arrays give
    /// `null` for masked elements and `numpy.ma.masked` is `null`; structured
    /// arrays give one array per record; `StringDType` arrays their strings.
    ///
    /// **Keys JSON cannot hold.** A dictionary key or a `DataFrame` label of
    /// another type than `str`, `int`, `float`, `bool` or `None` (a tuple, a
    /// `Timestamp`, an object) makes the reference's `json.dumps` raise: this
    /// export then gives, as the reference does, the failure record
    /// `{"_serialization_failed": true, "_original_type", "_error",
    /// "_string_representation"}` for the whole value. ``jsonValue(keys:)``
    /// with ``JSONKeyPolicy/text`` (what `results.json` uses) instead writes
    /// each such key as Python's `str()` of it (`"(1, 'a')"`,
    /// `"2024-01-01 00:00:00"`) and keeps the rest. This value itself keeps
    /// the real keys.
    ///
    /// **Non-finite floats become `null`.** Strict JSON (RFC 8259) has no NaN
    /// or infinity, and Python's `NaN`/`Infinity` tokens break most parsers;
    /// this value itself keeps them exactly (``float(_:)`` holds the NaN). As
    /// dictionary keys they stay the strings Python writes: `"NaN"`,
    /// `"Infinity"`, `"-Infinity"`.
    ///
    /// Strings with lone surrogates were already replaced by U+FFFD when the
    /// value was converted (Swift strings cannot hold them).
    ///
    /// Where the reference shows `str()` of an object, the text was taken
    /// when the value was converted; `str()` of a key, and
    /// `_string_representation` of a failure record, are rebuilt as Python
    /// writes them: exact for builtin containers and scalars, `datetime`
    /// values, `Timestamp`s and `Timedelta`s of an index; approximate for
    /// numpy and pandas values inside (`str()` of a `DataFrame` is pandas'
    /// table, which the value does not keep).
    ///
    /// pandas values follow pandas: `Timestamp`s give their `isoformat()`
    /// (nanoseconds and zone offset included), `NaT` gives `"NaT"` (it is a
    /// `datetime`), `Timedelta`s and the `pd.NA` of `tolist()` go through the
    /// string fallback, `to_dict()` turns `pd.NA` into `null`.
    ///
    /// Where conversion already dropped what the reference looks at, the
    /// export cannot follow it: numpy integer or bool scalars used as
    /// dictionary keys (the reference fails on them, here they are ints and
    /// bools), a `pandas.Timedelta` outside pandas columns (written as a
    /// `datetime.timedelta`), and the multiplier of a `datetime64[10s]` scalar
    /// (arrays keep it). `pd.NA`, `NaT`, pure paths, `Period`s and `Interval`s
    /// are typed (``PythonValue/missing(_:)``, ``PythonValue/purePath(_:)``,
    /// ``PythonValue/period(_:)``, ``PythonValue/interval(_:)``) and written as
    /// the reference writes them.
    ///
    /// - Throws: ``JSONExportError/tooDeep(limit:)`` for containers nested
    ///   deeper than ``jsonDepthLimit``.
    /// - Complexity: O(*n*) in the number of values.
    public func jsonValue() throws(JSONExportError) -> JSONValue {
        try jsonValue(keys: .reference)
    }

    /// ``jsonValue()`` with a choice for dictionary keys that `json.dumps`
    /// cannot write: ``JSONKeyPolicy/reference`` gives the reference's failure
    /// record for the whole value, ``JSONKeyPolicy/text`` writes each such key
    /// as its `str()` text and keeps the rest of the value as it is.
    public func jsonValue(keys: JSONKeyPolicy) throws(JSONExportError) -> JSONValue {
        var encoder = ReferenceEncoder(depthLimit: Self.jsonDepthLimit, keys: keys)
        do {
            return try encoder.encode(self)
        } catch {
            switch error {
            case let .unsupportedKey(message):
                return .object([
                    JSONMember("_serialization_failed", .bool(true)),
                    JSONMember("_original_type", .string(PythonRepr.typeName(self))),
                    JSONMember("_error", .string(message)),
                    JSONMember("_string_representation", .string(PythonRepr.str(self))),
                ])
            case .tooDeep:
                throw .tooDeep(limit: Self.jsonDepthLimit)
            case let .tooManyLabels(count):
                throw .tooManyLabels(count: count, limit: ReferenceEncoder.maxExpandedLabels)
            }
        }
    }

    /// ``jsonValue()`` as UTF-8 JSON text: compact, or indented by two spaces
    /// exactly as Python's `json.dumps(…, indent=2, ensure_ascii=False)` would.
    ///
    /// Non-finite floats are written as `null`; see ``jsonValue()``.
    public func jsonData(prettyPrinted: Bool = false, keys: JSONKeyPolicy = .reference) throws(JSONExportError) -> Data {
        try jsonValue(keys: keys).data(prettyPrinted: prettyPrinted)
    }

    /// ``jsonValue()`` as JSON text; see ``jsonData(prettyPrinted:keys:)``.
    public func jsonString(prettyPrinted: Bool = false, keys: JSONKeyPolicy = .reference) throws(JSONExportError) -> String {
        try jsonValue(keys: keys).text(prettyPrinted: prettyPrinted)
    }
}
