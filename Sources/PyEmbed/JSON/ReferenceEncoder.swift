/// Builds the reference shape of a ``PythonValue``: what Python's
/// `json.dumps(value, default=enhanced_json_serializer)` followed by
/// `json.loads` gives in Osprey's `make_json_serializable`.
///
/// `encode` plays `json.dumps`: builtins are written natively, everything
/// else goes through ``hook(_:)``, which plays the reference's `default`
/// hook (its result is encoded again, as `json.dumps` does).
struct ReferenceEncoder {
    /// Why `json.dumps` would stop.
    enum Failure: Error {
        /// `TypeError` with this message (a dictionary key json cannot write).
        case unsupportedKey(String)
        /// Deeper than the limit.
        case tooDeep
        /// An index whose labels would have to be made up, more of them than ``maxExpandedLabels``.
        case tooManyLabels(Int)
    }

    /// The most labels a compact index (a `RangeIndex`) is expanded to: a
    /// range of 2^62 rows holds no data but would take exabytes as labels.
    static let maxExpandedLabels = 100_000_000

    let depthLimit: Int
    /// What becomes of a dictionary key `json.dumps` cannot write.
    let keys: JSONKeyPolicy
    private var depth = 0

    init(depthLimit: Int, keys: JSONKeyPolicy = .reference) {
        self.depthLimit = depthLimit
        self.keys = keys
    }

    /// The JSON for `value`, as `json.dumps` would write it.
    mutating func encode(_ value: PythonValue) throws(Failure) -> JSONValue {
        switch value {
        case .none: return .null
        case let .bool(flag): return .bool(flag)
        case let .int(integer): return .number(integer)
        case let .float(number): return .number(number)
        case let .string(text): return .string(text)
        case let .list(items), let .tuple(items): return try array(items)
        case let .dict(dictionary): return try object(dictionary)
        default: return try hook(value)
        }
    }

    /// The reference's `enhanced_json_serializer`, in its order: datetime,
    /// `tolist()` (numpy arrays and scalars, pandas Series and Index),
    /// figures, DataFrames, paths, sets, complex, `to_dict()`, then the
    /// string fallback.
    private mutating func hook(_ value: PythonValue) throws(Failure) -> JSONValue {
        switch value {
        case let .datetime(datetime): return .string(datetime.description)
        case let .array(array): return try list(of: array)
        case let .maskedArray(array): return try list(of: array.data, masked: array.mask)
        case .missing(.masked): return .null  // numpy.ma.masked.tolist() is None
        case .missing(.notAvailable): return PandasCells.missing
        case .missing(.notATime): return PandasCells.notATime
        case let .numpyTime(time): return NumpyTimeItem.json(time)
        case let .series(series): return try nested { (encoder) throws(Failure) in
                .array(try encoder.pandasItems(series.column.values, dtype: series.column.dtype))
            }
        case let .index(index): return try nested { (encoder) throws(Failure) in try encoder.pandasList(index) }
        case let .pandasArray(array): return try nested { (encoder) throws(Failure) in
                .array(try encoder.pandasItems(array.values, dtype: array.dtype))
            }
        case let .period(period): return Self.fallback(period.text, type: "Period", module: period.module)
        case let .interval(interval): return Self.fallback(interval.text, type: "Interval", module: interval.module)
        case let .figure(figure): return try self.figure(figure)
        case let .dataFrame(frame): return try nested { (encoder) throws(Failure) in try encoder.frameDictionary(frame) }
        case let .path(path): return .string(path)
        case let .purePath(path): return Self.fallback(path.text, type: path.typeName, module: path.module)  // not a Path
        case let .set(members): return try collection(members, typeName: "set")
        case let .frozenset(members): return try collection(members, typeName: "frozenset")
        case let .complex(real, imaginary): return Self.complex(real, imaginary)
        case let .record(record) where record.origin != .dataclass: return try encode(record.fields)
        case let .enumMember(member):
            // IntEnum, StrEnum and other str/int/float mixins are what json writes natively.
            if let builtin = member.builtinValue { return try encode(builtin) }
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
        case .none, .bool, .int, .float, .string, .list, .tuple, .dict: return try encode(value)
        }
    }

    /// Runs `body` one level deeper, failing past the limit.
    mutating func nested(_ body: (inout ReferenceEncoder) throws(Failure) -> JSONValue) throws(Failure) -> JSONValue {
        guard depth < depthLimit else { throw .tooDeep }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    /// The items of a list, tuple or set, each encoded.
    mutating func array(_ items: [PythonValue]) throws(Failure) -> JSONValue {
        try nested { (encoder) throws(Failure) in
            var encoded: [JSONValue] = []
            encoded.reserveCapacity(items.count)
            for item in items { encoded.append(try encoder.encode(item)) }
            return .array(encoded)
        }
    }

    /// A dictionary: keys as `json.dumps` turns them into strings, in order.
    private mutating func object(_ dictionary: PythonDictionary) throws(Failure) -> JSONValue {
        try nested { (encoder) throws(Failure) in
            var members: [JSONMember] = []
            members.reserveCapacity(dictionary.count)
            for entry in dictionary.entries {
                let key = try encoder.keyText(entry.key)
                members.append(JSONMember(key, try encoder.encode(entry.value)))
            }
            return .object(members)
        }
    }

    /// A dictionary key or `DataFrame` label as ``keys`` says: as `json.dumps`
    /// writes it, or, for a key it cannot write under ``JSONKeyPolicy/text``,
    /// the key's `str()` text.
    func keyText(_ key: PythonValue) throws(Failure) -> String {
        do {
            return try Self.key(key)
        } catch {
            guard keys == .text, case .unsupportedKey = error else { throw error }
            return PythonRepr.str(key)
        }
    }

    /// A dictionary key as `json.dumps` writes it: `str` as is, `int` and
    /// `float` as their `repr` (`NaN`, `Infinity` for non-finite floats),
    /// `bool` and `None` as `true`, `false`, `null`; any other type is the
    /// `TypeError` that makes the reference return its failure record.
    static func key(_ key: PythonValue) throws(Failure) -> String {
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
            throw .unsupportedKey("keys must be str, int, float, bool or None, not \(PythonRepr.internalTypeName(key))")
        }
    }

    /// `{"items": [...], "_type": "set"}`.
    private mutating func collection(_ members: [PythonValue], typeName: String) throws(Failure) -> JSONValue {
        try nested { (encoder) throws(Failure) in
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
