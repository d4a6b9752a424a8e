/// The values of a pandas column or index as pandas hands them out one by
/// one, encoded: `Timestamp`s as `datetime` values, `NaT` and `pd.NA` (which
/// `tolist()` keeps and `to_dict()` makes `None`) as
/// ``PythonValue/missing(_:)``, `Timedelta`s as opaque `Timedelta` objects
/// with pandas' `str()`, each through the encoder's policy.
struct PandasCells {
    let values: ColumnValues
    let dtype: String
    /// `to_dict()`'s boxing (`maybe_box_native`: `pd.NA` → `None`, numpy times
    /// in object columns → `Timestamp`), as opposed to `tolist()`'s.
    let boxingObjects: Bool

    init(_ values: ColumnValues, dtype: String, boxingObjects: Bool) {
        self.values = values
        self.dtype = dtype
        self.boxingObjects = boxingObjects
    }

    /// Whether the time at `position` is `NaT`.
    static func isNotATime(_ values: ColumnValues, at position: Int) -> Bool {
        switch values {
        case let .array(array), let .zonedDatetimes(array, _):
            switch array.storage {
            case let .datetime64(ticks), let .timedelta64(ticks): return ticks.indices.contains(position) && ticks[position] == .min
            default: return false
            }
        default: return false
        }
    }

    /// `"Timestamp"` or `"Timedelta"` when the values are pandas times.
    static func timeKind(_ values: ColumnValues) -> String? {
        switch values {
        case .zonedDatetimes: return "Timestamp"
        case let .array(array) where array.dtype.kind == .datetime: return "Timestamp"
        case let .array(array) where array.dtype.kind == .timedelta: return "Timedelta"
        default: return nil
        }
    }

    func json(_ encoder: inout PythonValueJSONEncoder) throws(PythonValueJSONEncoder.Failure) -> [JSONValue] {
        switch values {
        case let .array(array):
            if case let .timedelta64(ticks) = array.storage {
                let notATime = try encoder.encode(.missing(.notATime))
                var cells: [JSONValue] = []
                cells.reserveCapacity(ticks.count)
                for tick in ticks {
                    cells.append(tick == .min ? notATime : try encoder.encode(Self.timedelta(tick, unit: array.dtype.unit ?? "ns")))
                }
                return cells
            }
            let present = try encoded(&encoder)
            guard case let .datetime64(ticks) = array.storage else { return present }
            let notATime = try encoder.encode(.missing(.notATime))
            return zip(ticks, present).map { $0 == .min ? notATime : $1 }
        case let .zonedDatetimes(array, _):
            let present = try encoded(&encoder)
            guard case let .datetime64(ticks) = array.storage else { return present }
            let notATime = try encoder.encode(.missing(.notATime))
            return zip(ticks, present).map { $0 == .min ? notATime : $1 }
        case let .masked(_, missing):
            // to_dict() boxes pd.NA as None; tolist() keeps it.
            let absent = boxingObjects ? JSONValue.null : try encoder.encode(.missing(.notAvailable))
            return zip(try encoded(&encoder), missing).map { $1 ? absent : $0 }
        case let .strings(texts):
            // `str` columns hold NaN for missing, `string` columns pd.NA (None in to_dict()), object columns None.
            let absent = dtype == "str" || dtype == "object" || boxingObjects ? JSONValue.null : try encoder.encode(.missing(.notAvailable))
            return texts.map { $0.map(JSONValue.string) ?? absent }
        case let .categorical(codes, categories, _):
            let labels = try PandasCells(categories, dtype: "object", boxingObjects: false).json(&encoder)
            let absent = Self.timeKind(categories) == nil ? JSONValue.null : try encoder.encode(.missing(.notATime))
            return codes.map { code in code.flatMap { labels.indices.contains($0) ? labels[$0] : nil } ?? absent }
        case .objects:
            return try encoded(&encoder)
        }
    }

    /// Every value as ``ColumnValues/pythonValues(dtype:boxingObjects:)`` gives it, encoded.
    private func encoded(_ encoder: inout PythonValueJSONEncoder) throws(PythonValueJSONEncoder.Failure) -> [JSONValue] {
        try encoder.encoded(values.pythonValues(dtype: dtype, boxingObjects: boxingObjects))
    }

    /// `str()` of each label of a `DatetimeIndex` or `TimedeltaIndex`:
    /// `2024-01-01 00:00:00`, `1 days 00:00:00`, `NaT`; `nil` for other values.
    static func timeLabelTexts(_ values: ColumnValues) -> [String]? {
        guard let kind = timeKind(values) else { return nil }
        if kind == "Timedelta", case let .array(array) = values, case let .timedelta64(ticks) = array.storage {
            return ticks.map { $0 == .min ? "NaT" : timedeltaText($0, unit: array.dtype.unit ?? "ns") }
        }
        return values.pythonValues(dtype: "datetime64", boxingObjects: false).enumerated().map { position, label in
            isNotATime(values, at: position) ? "NaT" : PythonRepr.str(label)
        }
    }

    /// A pandas `Timedelta`, as an opaque object with pandas' `str()`.
    static func timedelta(_ ticks: Int64, unit: String) -> PythonValue {
        let text = timedeltaText(ticks, unit: unit)
        return .object(PythonOpaqueObject(typeName: "Timedelta", module: "pandas", repr: "Timedelta('\(text)')", text: text))
    }

    /// pandas' `str()` of a `Timedelta`: `1 days 02:03:04.500000`, `-1 days +23:59:59.999999999`.
    static func timedeltaText(_ ticks: Int64, unit: String) -> String {
        let perSecond: Int64
        switch unit {
        case "s": perSecond = 1
        case "ms": perSecond = 1_000
        case "us": perSecond = 1_000_000
        case "ns": perSecond = 1_000_000_000
        default: return "\(ticks) \(unit)"
        }
        let (days, rest) = PythonDateTime.floorDivide(Int(ticks), Int(perSecond) * 86_400)
        let (second, fraction) = PythonDateTime.floorDivide(rest, Int(perSecond))
        let nanoseconds = fraction * (1_000_000_000 / Int(perSecond))
        var text = "\(days) days\(days < 0 ? " +" : " ")"
            + "\(PythonDate.padded(second / 3_600, 2)):\(PythonDate.padded(second / 60 % 60, 2)):\(PythonDate.padded(second % 60, 2))"
        if nanoseconds != 0 {
            text += "." + PythonDate.padded(nanoseconds / 1_000, 6)
            if nanoseconds % 1_000 != 0 { text += PythonDate.padded(nanoseconds % 1_000, 3) }
        }
        return text
    }
}
