import PyEmbed

/// The JSON conventions of the reference's `make_json_serializable`: what
/// `json.loads(json.dumps(value, default=enhanced_json_serializer))` gives,
/// the shape of `results.json`.
///
/// Lists and tuples become arrays; dictionary keys become strings as
/// `json.dumps` writes them (`1` → `"1"`, `1.5` → `"1.5"`, `True` →
/// `"true"`, `None` → `"null"`); `datetime` becomes its `isoformat()`; numpy
/// arrays, numpy scalars and pandas `Series` and `Index` become their
/// `tolist()`; a `DataFrame` becomes its `to_dict()`; a `Path` its string;
/// sets become `{"items": [...], "_type": "set"}`; complex numbers
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
/// `Timestamp`, an object) makes the reference's `json.dumps` raise: under
/// ``JSONKeyPolicy/reference`` the export then gives, as the reference does,
/// the failure record `{"_serialization_failed": true, "_original_type",
/// "_error", "_string_representation"}` for the whole value. Under
/// ``JSONKeyPolicy/text`` (what `results.json` uses) each such key is
/// instead written as Python's `str()` of it (`"(1, 'a')"`,
/// `"2024-01-01 00:00:00"`) and the rest is kept. Non-finite floats are
/// `null` (strict JSON); as keys they stay the strings Python writes:
/// `"NaN"`, `"Infinity"`, `"-Infinity"`.
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
/// (arrays keep it).
public struct ReferenceJSONPolicy: PythonValueJSONPolicy {
    /// What becomes of a dictionary key `json.dumps` cannot write.
    public var keys: JSONKeyPolicy

    /// Creates the policy.
    public init(keys: JSONKeyPolicy = .reference) {
        self.keys = keys
    }

    /// The reference's `enhanced_json_serializer`, in its order: datetime,
    /// `tolist()` (numpy arrays and scalars, pandas Series and Index),
    /// figures, DataFrames, paths, sets, complex, `to_dict()`, then the
    /// string fallback.
    public func json(for value: PythonValue, encoder: inout PythonValueJSONEncoder) throws(PythonValueJSONEncoder.Failure) -> JSONValue {
        switch value {
        case let .datetime(datetime): return .string(datetime.description)
        case let .array(array): return try encoder.list(of: array)
        case let .maskedArray(array): return try encoder.list(of: array.data, masked: array.mask)
        case .missing(.masked): return .null  // numpy.ma.masked.tolist() is None
        case .missing(.notAvailable): return Self.fallback("<NA>", type: "NAType", module: "pandas.api.typing")
        case .missing(.notATime): return .string("NaT")  // a datetime subclass: its isoformat()
        case let .numpyTime(time): return try encoder.encode(time.item())
        case let .series(series): return try encoder.list(of: series)
        case let .index(index): return try encoder.list(of: index)
        case let .pandasArray(array): return try encoder.list(of: array)
        case let .period(period): return Self.fallback(period.text, type: "Period", module: period.module)
        case let .interval(interval): return Self.fallback(interval.text, type: "Interval", module: interval.module)
        case let .figure(figure): return try Self.figure(figure, encoder: &encoder)
        case let .dataFrame(frame): return try encoder.dictionary(of: frame)
        case let .path(path): return .string(path)
        case let .purePath(path): return Self.fallback(path.text, type: path.typeName, module: path.module)  // not a Path
        case let .set(members): return try Self.collection(members, typeName: "set", encoder: &encoder)
        case let .frozenset(members): return try Self.collection(members, typeName: "frozenset", encoder: &encoder)
        case let .complex(real, imaginary): return Self.complex(real, imaginary)
        case let .record(record) where record.origin != .dataclass: return try encoder.encode(record.fields)
        case let .enumMember(member):
            // IntEnum, StrEnum and other str/int/float mixins are what json writes natively.
            if let builtin = member.builtinValue { return try encoder.encode(builtin) }
            return Self.fallback(member.text, type: PythonRepr.shortName(member.typeName), module: member.module)
        case let .record(record):
            return Self.fallback(record.text, type: PythonRepr.shortName(record.typeName), module: record.module)
        case let .object(object):
            return Self.fallback(object.text, type: PythonRepr.shortName(object.typeName), module: object.module)
        case let .bytes(bytes): return Self.fallback(PythonRepr.bytes(bytes), type: "bytes", module: "builtins")
        case let .bytearray(bytes):
            return Self.fallback("bytearray(\(PythonRepr.bytes(bytes)))", type: "bytearray", module: "builtins")
        case let .date(date): return Self.fallback(date.description, type: "date", module: "datetime")
        case let .time(time): return Self.fallback(time.description, type: "time", module: "datetime")
        case let .timedelta(delta): return Self.fallback(delta.description, type: "timedelta", module: "datetime")
        case let .decimal(decimal): return Self.fallback(decimal.text, type: "Decimal", module: "decimal")
        case .none, .bool, .int, .float, .string, .list, .tuple, .dict: return try encoder.encode(value)
        }
    }

    /// A dictionary key or `DataFrame` label as ``keys`` says: as `json.dumps`
    /// writes it, or, for a key it cannot write under ``JSONKeyPolicy/text``,
    /// the key's `str()` text.
    public func key(for key: PythonValue) throws(PythonValueJSONEncoder.Failure) -> String {
        do {
            return try Self.key(key)
        } catch {
            guard keys == .text, case .unwritableKey = error else { throw error }
            return PythonRepr.str(key)
        }
    }

    /// The reference's failure record for the whole value:
    /// `{"_serialization_failed": true, "_original_type", "_error", "_string_representation"}`.
    public func json(forUnwritableKey message: String, in value: PythonValue) -> JSONValue {
        .object([
            JSONMember("_serialization_failed", .bool(true)),
            JSONMember("_original_type", .string(PythonRepr.typeName(value))),
            JSONMember("_error", .string(message)),
            JSONMember("_string_representation", .string(PythonRepr.str(value))),
        ])
    }

    /// A dictionary key as `json.dumps` writes it: `str` as is, `int` and
    /// `float` as their `repr` (`NaN`, `Infinity` for non-finite floats),
    /// `bool` and `None` as `true`, `false`, `null`; any other type is the
    /// `TypeError` that makes the reference return its failure record.
    static func key(_ key: PythonValue) throws(PythonValueJSONEncoder.Failure) -> String {
        switch key {
        case let .string(text): return text
        case let .int(integer): return integer.description
        case let .float(number):
            if number.isNaN { return "NaN" }
            if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
            return PythonFloatText.repr(number)
        case let .bool(flag): return flag ? "true" : "false"
        case .none: return "null"
        case let .enumMember(member) where member.builtinValue != nil:
            return try Self.key(member.builtinValue ?? .none)
        default:
            throw .unwritableKey("keys must be str, int, float, bool or None, not \(PythonRepr.internalTypeName(key))")
        }
    }

    /// `{"items": [...], "_type": "set"}`.
    private static func collection(
        _ members: [PythonValue], typeName: String, encoder: inout PythonValueJSONEncoder
    ) throws(PythonValueJSONEncoder.Failure) -> JSONValue {
        try encoder.nested { (encoder) throws(PythonValueJSONEncoder.Failure) in
            .object([JSONMember("items", try encoder.array(members)), JSONMember("_type", .string(typeName))])
        }
    }

    /// `{"real": …, "imag": …, "_type": "complex"}`; non-finite parts are `null`.
    static func complex(_ real: Double, _ imaginary: Double) -> JSONValue {
        .object([JSONMember("real", .number(real)), JSONMember("imag", .number(imaginary)), JSONMember("_type", .string("complex"))])
    }

    /// The reference's last resort: `{"value": str(obj), "type", "module", "_serialization_note"}`.
    static func fallback(_ text: String, type: String, module: String) -> JSONValue {
        .object([
            JSONMember("value", .string(text)), JSONMember("type", .string(type)), JSONMember("module", .string(module)),
            JSONMember("_serialization_note", .string("converted_to_string")),
        ])
    }
}
