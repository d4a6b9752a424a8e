extension ColumnValues {
    /// A numpy array or pandas extension array of these values, of pandas dtype `dtype`.
    func pythonArray(dtype: String, _ gil: GIL) throws(PythonConversionError) -> PythonObject {
        switch self {
        case let .array(array):
            return try array.pythonObject(gil)
        case let .masked(data, missing):
            guard missing.count == data.count else { throw .wrongCount(expected: data.count, actual: missing.count, path: ".mask") }
            return try PandasHelpers.module.call("make_masked", [data, NDArray(missing), dtype], gil)
        case let .strings(values):
            return try PandasHelpers.module.call("make_strings", [values, dtype], gil)
        case let .zonedDatetimes(utc, timeZone):
            return try PandasHelpers.module.call("make_zoned", [utc, timeZone], gil)
        case let .categorical(codes, categories, ordered):
            if let wrong = codes.firstIndex(where: { $0.map { $0 >= categories.count } ?? false }) {
                throw .outOfRange(value: "code \(codes[wrong] ?? -1)", target: "\(categories.count) categories", path: ".codes[\(wrong)]")
            }
            let codeArray = NDArray(codes.map { Int64($0 ?? -1) })
            let categoryArray: PythonObject
            do throws(PythonConversionError) {
                categoryArray = try categories.pythonArray(dtype: categories.inferredDType, gil)
            } catch {
                throw error.nested(in: ".categories")
            }
            return try PandasHelpers.module.call("make_categorical", [codeArray, categoryArray, ordered], gil)
        case let .objects(values):
            let array = NDArray(dtype: NumpyDType(kind: .object, itemSize: 8, name: "object"), shape: [values.count], storage: .object(values))
            return try PandasHelpers.module.call("make_objects", [array, dtype], gil)
        }
    }

    /// The pandas dtype these values have when nothing else says (categories
    /// carry no dtype of their own): the array's dtype, `Int64`-style names for
    /// masked data, `str` for text.
    var inferredDType: String {
        switch self {
        case let .array(array): return array.dtype.name
        case let .masked(array, _):
            switch array.dtype.kind {
            case .bool: return "boolean"
            case .signedInteger: return "Int\(array.dtype.itemSize * 8)"
            case .unsignedInteger: return "UInt\(array.dtype.itemSize * 8)"
            case .float: return "Float\(array.dtype.itemSize * 8)"
            default: return array.dtype.name
            }
        case .strings: return "str"
        case let .zonedDatetimes(array, timeZone): return "datetime64[\(array.dtype.unit ?? "ns"), \(timeZone)]"
        case .categorical: return "category"
        case .objects: return "object"
        }
    }
}
