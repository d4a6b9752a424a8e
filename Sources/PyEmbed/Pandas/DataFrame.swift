/// A pandas `DataFrame` as columns of typed Swift storage.
public struct DataFrame: Sendable, Hashable {
    /// The columns, in order.
    public var columns: [DataColumn]
    /// The row labels.
    public var index: DataIndex

    /// Creates a frame.
    public init(columns: [DataColumn], index: DataIndex) {
        self.columns = columns
        self.index = index
    }

    /// The number of rows.
    public var rowCount: Int { index.count }
}

/// One column of a ``DataFrame`` (or the values of a ``Series``).
public struct DataColumn: Sendable, Hashable {
    /// The column label (any hashable Python value, not only strings).
    public var name: PythonValue
    /// pandas' name for the dtype: `int64`, `Int64`, `float64`, `object`, `str`,
    /// `category`, `datetime64[ns, UTC]`, `boolean`.
    public var dtype: String
    /// The values.
    public var values: ColumnValues

    /// Creates a column.
    public init(name: PythonValue, dtype: String, values: ColumnValues) {
        self.name = name
        self.dtype = dtype
        self.values = values
    }
}

/// The values of a column or index, typed by what pandas stores.
public indirect enum ColumnValues: Sendable, Hashable {
    /// A numpy-backed column (numbers, bools, `datetime64`, `timedelta64`)
    /// without a mask; missing floats are NaN and missing times are NaT.
    case array(NDArray)
    /// A nullable extension column (`Int64`, `Float64`, `boolean`): the data and
    /// which rows are missing (`pd.NA`); data under a missing row is unspecified.
    case masked(NDArray, missing: [Bool])
    /// Text: `str` and `string` columns (missing: `None`, NaN, `pd.NA`), and
    /// object columns holding `str` and at least one text, with `None` for
    /// missing ones; `nil` where missing. (An object column with a float NaN or
    /// `pd.NA` stays ``objects(_:)``: `to_dict()` tells its NaN from `None`,
    /// `tolist()` its `pd.NA`.)
    case strings([String?])
    /// Timezone-aware datetimes: ticks since the epoch in UTC (NaT is `Int64.min`)
    /// and the zone name (`UTC`, `Europe/Zurich`, `+01:00`).
    case zonedDatetimes(NDArray, timeZone: String)
    /// A categorical: a code per row (`nil` where missing) into `categories`.
    case categorical(codes: [Int?], categories: ColumnValues, ordered: Bool)
    /// Anything else, element by element (`None`, NaN, NaT and `pd.NA` as they convert).
    case objects([PythonValue])
}

/// Row labels: a `RangeIndex`, an index of values, or a `MultiIndex`.
public indirect enum DataIndex: Sendable, Hashable {
    /// `RangeIndex(start, stop, step)`.
    case range(start: Int, stop: Int, step: Int, name: PythonValue)
    /// Any single-level index (`Index`, `DatetimeIndex`, `CategoricalIndex`, …).
    case values(ColumnValues, dtype: String, name: PythonValue)
    /// A `MultiIndex`: the level names and one tuple of labels per row.
    case multi(names: [PythonValue], tuples: [[PythonValue]])

    /// The number of labels.
    public var count: Int {
        switch self {
        case let .range(start, stop, step, _):
            return Self.rangeCount(start: start, stop: stop, step: step)
        case let .values(values, _, _): return values.count
        case let .multi(_, tuples): return tuples.count
        }
    }

    /// `len(range(start, stop, step))`, without overflowing: 0 for a zero
    /// step, `Int.max` for ranges longer than that.
    private static func rangeCount(start: Int, stop: Int, step: Int) -> Int {
        guard step > 0 ? stop > start : step < 0 && stop < start else { return 0 }
        // The true distance is in 1…2⁶⁴−1, which the wrapped difference's bit pattern holds exactly.
        let distance = UInt(bitPattern: step > 0 ? stop &- start : start &- stop)
        return Int(exactly: (distance - 1) / step.magnitude + 1) ?? .max
    }
}

extension ColumnValues {
    /// The number of values.
    public var count: Int {
        switch self {
        case let .array(array), let .masked(array, _), let .zonedDatetimes(array, _): return array.count
        case let .strings(values): return values.count
        case let .categorical(codes, _, _): return codes.count
        case let .objects(values): return values.count
        }
    }
}

/// A pandas `Series`: one column with its index.
public struct Series: Sendable, Hashable {
    /// The series' values, name and dtype.
    public var column: DataColumn
    /// The row labels.
    public var index: DataIndex

    /// Creates a series.
    public init(column: DataColumn, index: DataIndex) {
        self.column = column
        self.index = index
    }
}
