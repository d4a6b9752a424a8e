/// A standalone pandas array (`Categorical`, `SparseArray`, `PeriodArray`,
/// `IntervalArray`, nullable `Int64`/`Float64`/`boolean`/`string` arrays…),
/// typed with the same ``ColumnValues`` as a ``DataFrame`` column.
public struct PandasArray: Sendable, Hashable {
    /// pandas' name for the dtype: `category`, `Int64`, `Sparse[float64, 0]`, `period[M]`.
    public var dtype: String
    /// The values: categorical codes and categories, data and mask, or element by
    /// element (sparse arrays come dense; periods and intervals as typed scalars).
    public var values: ColumnValues

    /// Creates an array.
    public init(dtype: String, values: ColumnValues) {
        self.dtype = dtype
        self.values = values
    }

    /// The number of elements.
    public var count: Int { values.count }

    /// The class pandas uses for this dtype: `Categorical`, `SparseArray`, `IntegerArray`…
    public var typeName: String {
        let prefixes: [(String, String)] = [
            ("category", "Categorical"), ("Sparse[", "SparseArray"), ("period[", "PeriodArray"), ("interval[", "IntervalArray"),
            ("Int", "IntegerArray"), ("UInt", "IntegerArray"), ("Float", "FloatingArray"), ("boolean", "BooleanArray"),
            ("string", "StringArray"), ("str", "StringArray"), ("datetime64", "DatetimeArray"), ("timedelta64", "TimedeltaArray"),
        ]
        return prefixes.first { dtype.hasPrefix($0.0) }?.1 ?? "NumpyExtensionArray"
    }

    /// Reads a pandas extension array through the column rules.
    static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> PandasArray {
        let gil = object.gil
        return try reader.container(object.pointer) { (reader) throws(PythonConversionError) in
            let parts = try PandasHelpers.module.call("array_parts", [object.owned()], gil)
            let (dtype, valueParts) = try parts.borrow(gil).decodeTuple(String.self, PythonObject.self)
            return PandasArray(dtype: dtype, values: try ColumnValues.read(parts: valueParts.borrow(gil), &reader))
        }
    }
}

extension PandasArray: ConvertibleToPython {
    /// A pandas extension array of the same dtype and values.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        let array = try values.pythonArray(dtype: dtype, gil)
        return try PandasHelpers.module.call("make_array", [array, dtype], gil)
    }
}

extension PandasArray: CustomStringConvertible {
    /// `PandasArray(3 values, category)`.
    public var description: String {
        "PandasArray(\(DataFrame.plural(count, "value")), \(dtype))"
    }
}
