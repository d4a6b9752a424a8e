extension ColumnValues {
    /// The values one by one as pandas hands them out in `to_dict()` (see
    /// ``DataFrame/pythonDictionary()``); `dtype` is the column's pandas dtype,
    /// which decides how a missing text is written (NaN for `str`, else `None`).
    ///
    /// With `boxingObjects` (`to_dict()`'s values), numpy times inside object
    /// columns become `Timestamp`/`Timedelta` values; without (index labels), they stay.
    /// - Complexity: O(*n*).
    public func pythonValues(dtype: String, boxingObjects: Bool = true) -> [PythonValue] {
        switch self {
        case let .array(array):
            return array.pythonValues(zone: nil)
        case let .masked(array, missing):
            let values = array.pythonValues(zone: nil)
            // to_dict() boxes pd.NA as None; tolist() keeps it.
            let absent: PythonValue = boxingObjects ? .none : .missing(.notAvailable)
            return zip(values, missing).map { $1 ? absent : $0 }
        case let .strings(texts):
            // `str` columns hold NaN, object columns None, `string` columns pd.NA (None in to_dict()).
            let missing: PythonValue = dtype == "str" ? .float(.nan) : dtype == "object" || boxingObjects ? .none : .missing(.notAvailable)
            return texts.map { $0.map(PythonValue.string) ?? missing }
        case let .zonedDatetimes(array, timeZone):
            return array.pythonValues(zone: TimeTicks.Zone(timeZone))
        case let .categorical(codes, categories, _):
            let labels = categories.pythonValues(dtype: categories.inferredDType)
            let missing: PythonValue = categories.holdsTimes ? .missing(.notATime) : .float(.nan)
            return codes.map { code in code.flatMap { labels.indices.contains($0) ? labels[$0] : nil } ?? missing }
        case let .objects(values):
            return boxingObjects ? values.map(\.boxedLikePandas) : values
        }
    }

    /// Whether these are datetimes or durations (whose missing value is `NaT`).
    var holdsTimes: Bool {
        switch self {
        case let .array(array): return array.dtype.kind == .datetime || array.dtype.kind == .timedelta
        case .zonedDatetimes: return true
        default: return false
        }
    }
}

extension NDArray {
    /// The elements as `ndarray.item()` (and pandas' datetime boxing) gives them.
    fileprivate func pythonValues(zone: TimeTicks.Zone?) -> [PythonValue] {
        let unit = dtype.unit ?? "ns"
        switch storage {
        case let .bool(values): return values.map(PythonValue.bool)
        case let .int8(values): return values.map { .int(PythonInteger(Int($0))) }
        case let .int16(values): return values.map { .int(PythonInteger(Int($0))) }
        case let .int32(values): return values.map { .int(PythonInteger(Int($0))) }
        case let .int64(values): return values.map { .int(PythonInteger(Int($0))) }
        case let .uint8(values): return values.map { .int(PythonInteger(Int($0))) }
        case let .uint16(values): return values.map { .int(PythonInteger(Int($0))) }
        case let .uint32(values): return values.map { .int(PythonInteger(Int($0))) }
        case let .uint64(values): return values.map { .int(PythonInteger(isNegative: false, magnitude: [$0])) }
        case let .float16(values), let .float32(values): return values.map { .float(Double($0)) }
        case let .float64(values): return values.map(PythonValue.float)
        case let .complex64(values): return values.map { .complex(real: Double($0.real), imaginary: Double($0.imaginary)) }
        case let .complex128(values): return values.map { .complex(real: $0.real, imaginary: $0.imaginary) }
        case let .datetime64(values): return values.map { TimeTicks.timestamp($0, unit: unit, zone: zone) }
        case let .timedelta64(values): return values.map { TimeTicks.timedelta($0, unit: unit) }
        case let .bytes(values): return values.map(PythonValue.bytes)
        case let .unicode(values): return values.map(PythonValue.string)
        case let .object(values): return values
        case let .nullableUnicode(values): return values.map { $0.map(PythonValue.string) ?? .none }
        case .records: return Array(repeating: .none, count: storage.count)  // pandas never holds records
        }
    }
}

extension PythonValue {
    /// pandas' `maybe_box_native` on an object cell: numpy `datetime64` and
    /// `timedelta64` become `Timestamp` / `Timedelta` (NaT: `pd.NaT`), and `pd.NA` becomes `None`.
    fileprivate var boxedLikePandas: PythonValue {
        if case .missing(.notAvailable) = self { return .none }
        guard case let .numpyTime(time) = self else { return self }
        guard let ticks = time.ticks else { return .missing(.notATime) }
        switch time.kind {
        case .datetime: return TimeTicks.timestamp(ticks, unit: time.unit)
        case .timedelta: return TimeTicks.timedelta(ticks, unit: time.unit)
        }
    }
}
