extension DataFrame: ConvertibleToPython {
    /// A pandas `DataFrame` with the same columns (by position, duplicates
    /// kept), dtypes and index.
    ///
    /// What cannot come back exactly: a `DatetimeIndex`'s `freq`; the dtype of
    /// a categorical's text categories (`str` is used); `pd.NA` in an object
    /// text column (it comes back as `None`); the column labels' own `Index`
    /// type and dtype, which pandas infers from the labels (`0, 1, …` become a
    /// `RangeIndex`, all-tuple labels a `MultiIndex`, as pandas' constructors
    /// do). Object cells that were kept only as a `repr`
    /// (``PythonValue/object(_:)``: `Period`, `Interval`, custom classes) give an error.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        let rows = index.count
        var arrays: [PythonObject] = []
        arrays.reserveCapacity(columns.count)
        for (position, column) in columns.enumerated() {
            do throws(PythonConversionError) {
                guard column.values.count == rows else { throw .wrongCount(expected: rows, actual: column.values.count, path: "") }
                arrays.append(try column.values.pythonArray(dtype: column.dtype, gil))
            } catch {
                throw error.nested(in: ".iloc[:, \(position)]")
            }
        }
        let labels = columns.map(\.name)
        let rowLabels: PythonObject
        do throws(PythonConversionError) { rowLabels = try index.pythonObject(gil) } catch { throw error.nested(in: ".index") }
        return try PandasHelpers.module.call("make_frame", [labels, arrays, rowLabels], gil)
    }
}

extension Series: ConvertibleToPython {
    /// A pandas `Series` with the same name, dtype, values and index (see
    /// ``DataFrame/pythonObject(_:)`` for what cannot come back exactly).
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        guard column.values.count == index.count else {
            throw .wrongCount(expected: index.count, actual: column.values.count, path: "<values for the index>")
        }
        let values = try column.values.pythonArray(dtype: column.dtype, gil)
        let rowLabels: PythonObject
        do throws(PythonConversionError) { rowLabels = try index.pythonObject(gil) } catch { throw error.nested(in: ".index") }
        return try PandasHelpers.module.call("make_series", [values, rowLabels, column.name], gil)
    }
}

extension DataIndex: ConvertibleToPython {
    /// A pandas `Index` with the same labels: a `RangeIndex`, a `MultiIndex`
    /// (levels inferred from the tuples), or an `Index` of the same dtype.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        switch self {
        case let .range(start, stop, step, name):
            return try PandasHelpers.module.call("make_range", [start, stop, step, name], gil)
        case let .values(values, dtype, name):
            let array = try values.pythonArray(dtype: dtype, gil)
            return try PandasHelpers.module.call("make_index_values", [array, dtype, name], gil)
        case let .multi(names, tuples):
            if let wrong = tuples.firstIndex(where: { $0.count != names.count }) {
                throw .wrongCount(expected: names.count, actual: tuples[wrong].count, path: "[\(wrong)]")
            }
            return try PandasHelpers.module.call("make_multi", [tuples.map(PythonValue.tuple), names], gil)
        }
    }
}
