/// The default ``PythonValueJSONPolicy``: every value in the JSON shape
/// closest to it, nothing added.
///
/// - sets and frozensets: arrays of their members;
/// - complex numbers: `{"real": …, "imag": …}`;
/// - numpy arrays, numpy scalars, pandas `Series`, `Index` and extension
///   arrays: what their `tolist()` gives (masked elements, `pd.NA` and `NaT`
///   are `null`); a `DataFrame`: what its `to_dict()` gives
///   (`{column: {index label: value}}`);
/// - `datetime`, `date` and `time`: their ISO 8601 text (`isoformat()`);
/// - paths: their text; `IntEnum`/`StrEnum` members: their value; dataclasses,
///   named tuples and `to_dict()` objects: their fields;
/// - anything else (`bytes`, `Decimal`, `timedelta`, figures, `Period`,
///   `Interval`, plain `Enum` members, opaque objects): Python's `str()` of it,
///   as a string;
/// - dictionary keys that are not `str`: Python's `str()` of the key
///   (`1` → `"1"`, `(1, 2)` → `"(1, 2)"`).
public struct PlainJSONPolicy: PythonValueJSONPolicy {
    /// Creates the policy.
    public init() {}

    /// The shapes listed on the type.
    public func json(for value: PythonValue, encoder: inout PythonValueJSONEncoder) throws(PythonValueJSONEncoder.Failure) -> JSONValue {
        switch value {
        case let .set(members), let .frozenset(members): return try encoder.array(members)
        case let .complex(real, imaginary): return .object([JSONMember("real", .number(real)), JSONMember("imag", .number(imaginary))])
        case let .array(array): return try encoder.list(of: array)
        case let .maskedArray(array): return try encoder.list(of: array.data, masked: array.mask)
        case let .numpyTime(time): return try encoder.encode(time.item())
        case .missing: return .null
        case let .series(series): return try encoder.list(of: series)
        case let .index(index): return try encoder.list(of: index)
        case let .pandasArray(array): return try encoder.list(of: array)
        case let .dataFrame(frame): return try encoder.dictionary(of: frame)
        case let .datetime(datetime): return .string(datetime.description)
        case let .date(date): return .string(date.description)
        case let .time(time): return .string(time.description)
        case let .path(path): return .string(path)
        case let .enumMember(member) where member.builtinValue != nil: return try encoder.encode(member.builtinValue ?? .none)
        case let .record(record): return try encoder.encode(record.fields)
        default: return .string(PythonRepr.str(value))
        }
    }

    /// Python's `str()` of the key.
    public func key(for key: PythonValue) -> String {
        PythonRepr.str(key)
    }
}
