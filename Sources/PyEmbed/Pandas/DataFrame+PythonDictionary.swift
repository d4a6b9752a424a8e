extension DataFrame {
    /// What `df.to_dict()` gives, built in Swift: a dict of column label →
    /// dict of index label → value.
    ///
    /// Values come as pandas hands them out: numbers as ``PythonValue/int(_:)``,
    /// ``PythonValue/float(_:)`` or ``PythonValue/bool(_:)``; datetimes as
    /// ``PythonValue/datetime(_:)`` (a `Timestamp`: nanoseconds kept, zoned ones
    /// with their UTC offset at that instant and the name the `Timestamp`
    /// reports: `UTC`, `Europe/Zurich`, `UTC+01:00`); durations as
    /// ``PythonValue/timedelta(_:)``. Missing values follow the dtype, as in
    /// pandas: `NaN` in float, `str` and categorical (non-datetime) columns,
    /// ``PythonValue/none`` for `pd.NA` in nullable columns and for `None`, and
    /// `.missing(.notATime)` for `NaT`. A repeated column or row label
    /// keeps its first position and the last value, as a Python dict does.
    /// - Complexity: O(*rows* × *columns*).
    public func pythonDictionary() -> PythonValue {
        let rows = DictionaryRows(index)
        let frame = DictionaryRows(labels: columns.map(\.name))
        var entries = frame.keys.map { PythonDictionary.Entry(key: $0, value: .dict(PythonDictionary())) }
        for (position, column) in columns.enumerated() {
            entries[frame.slots[position]].value = .dict(rows.dictionary(column.values.pythonValues(dtype: column.dtype)))
        }
        return .dict(PythonDictionary(entries))
    }
}

extension Series {
    /// What `series.to_dict()` gives: a dict of index label → value (see
    /// ``DataFrame/pythonDictionary()`` for how values are represented).
    public func pythonDictionary() -> PythonValue {
        .dict(DictionaryRows(index).dictionary(column.values.pythonValues(dtype: column.dtype)))
    }
}

extension DataIndex {
    /// The labels as iterating the index in Python gives them (`list(index)`):
    /// ints of a `RangeIndex`, tuples of a `MultiIndex`, `Timestamp`s of a
    /// `DatetimeIndex`.
    public func pythonLabels() -> [PythonValue] {
        switch self {
        case let .range(start, _, step, _):
            return (0..<count).map { .int(PythonInteger(start &+ $0 &* step)) }  // in range for every real RangeIndex
        case let .values(values, dtype, _):
            return values.pythonValues(dtype: dtype, boxingObjects: false)
        case let .multi(_, tuples):
            return tuples.map(PythonValue.tuple)
        }
    }

    /// Whether every label is known to differ from the others without comparing them.
    var hasDistinctLabels: Bool {
        if case let .range(_, _, step, _) = self { return step != 0 }
        return false
    }
}

/// Row labels laid out as a Python dict would keep them: the distinct keys
/// in order of first appearance, and for each row the key it writes to.
private struct DictionaryRows {
    var keys: [PythonValue]
    var slots: [Int]

    init(_ index: DataIndex) {
        let labels = index.pythonLabels()
        if index.hasDistinctLabels {
            self.init(keys: labels, slots: Array(labels.indices))
        } else {
            self.init(labels: labels)
        }
    }

    init(keys: [PythonValue], slots: [Int]) {
        self.keys = keys
        self.slots = slots
    }

    init(labels: [PythonValue]) {
        (keys, slots) = ([], [])
        var positions: [PythonValue: Int] = [:]
        slots.reserveCapacity(labels.count)
        for label in labels {
            let key = label.pythonKey
            if let slot = positions[key] {
                slots.append(slot)
            } else {
                positions[key] = keys.count
                slots.append(keys.count)
                keys.append(label)
            }
        }
    }

    /// `dict(zip(labels, values))`.
    func dictionary(_ values: [PythonValue]) -> PythonDictionary {
        var entries = keys.map { PythonDictionary.Entry(key: $0, value: .none) }
        for (row, value) in zip(slots, values) {
            entries[row].value = value
        }
        return PythonDictionary(entries)
    }
}

extension PythonValue {
    /// A stand-in with Python's key equality: `True == 1 == 1.0` (and inside
    /// tuples). NaN stays unequal to itself, as distinct NaN objects are.
    fileprivate var pythonKey: PythonValue {
        switch self {
        case let .bool(value): return .int(PythonInteger(value ? 1 : 0))
        case let .float(value) where value.rounded() == value && Swift.abs(value) < 9.0e18:
            return .int(PythonInteger(Int(value)))
        case let .complex(real, imaginary) where imaginary == 0: return PythonValue.float(real).pythonKey
        case let .tuple(items): return .tuple(items.map(\.pythonKey))
        default: return self
        }
    }
}
