extension ColumnValues {
    /// Which values are missing, as pandas' `isna()` sees them: NaN in float
    /// (and complex) arrays, NaT in time arrays, masked rows, `nil` texts and
    /// categorical codes, and `None`, NaN, `pd.NA` or `NaT` in object columns.
    /// - Complexity: O(*n*).
    public var missing: [Bool] {
        switch self {
        case let .array(array): return array.missingElements
        case let .masked(_, missing): return missing
        case let .strings(values): return values.map { $0 == nil }
        case let .zonedDatetimes(array, _): return array.missingElements
        case let .categorical(codes, _, _): return codes.map { $0 == nil }
        case let .objects(values): return values.map(\.isMissingInPandas)
        }
    }
}

extension NDArray {
    fileprivate var missingElements: [Bool] {
        switch storage {
        case let .float16(values), let .float32(values): return values.map(\.isNaN)
        case let .float64(values): return values.map(\.isNaN)
        case let .complex64(values): return values.map { $0.real.isNaN || $0.imaginary.isNaN }
        case let .complex128(values): return values.map { $0.real.isNaN || $0.imaginary.isNaN }
        case let .datetime64(values), let .timedelta64(values): return values.map { $0 == .min }
        case let .object(values): return values.map(\.isMissingInPandas)
        default: return Array(repeating: false, count: storage.count)
        }
    }
}

extension PythonValue {
    fileprivate var isMissingInPandas: Bool {
        switch self {
        case .none, .missing(.notAvailable), .missing(.notATime): return true
        case let .float(value): return value.isNaN
        case let .numpyTime(time): return time.ticks == nil
        default: return false
        }
    }
}
