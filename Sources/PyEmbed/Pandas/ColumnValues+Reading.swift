import CPythonShim

extension ColumnValues {
    /// Reads `PandasHelpers.values_parts`' answer `(kind, data, extra, flag)`.
    ///
    /// Text of a string dtype may be missing as `None`, `pd.NA` or NaN; text
    /// of an object column only as `None` or `pd.NA` (NaN keeps it objects).
    /// - Complexity: O(*n*): one `memcpy` per numpy buffer; object and string
    ///   values item by item.
    static func read(parts: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> ColumnValues {
        let gil = parts.gil
        let (kind, data, extra, flag) = try parts.decodeTuple(String.self, PythonObject.self, PythonObject.self, PythonObject.self)
        switch kind {
        case "array":
            return .array(try NDArray.read(data.borrow(gil), &reader))
        case "masked":
            let values = try NDArray.read(data.borrow(gil), &reader)
            let mask = try NDArray.read(extra.borrow(gil), &reader)
            guard case let .bool(missing) = mask.storage, missing.count == values.count else {
                throw .typeMismatch(expected: "a boolean mask as long as the data", actual: "mask of dtype \(mask.dtype.name)", path: ".mask")
            }
            return .masked(values, missing: missing)
        case "strings":
            let list = data.borrow(gil)
            if let strings = try texts(list, missingNaN: true) { return .strings(strings) }
            return .objects(try objects(list, &reader))
        case "objects":
            let list = data.borrow(gil)
            if let strings = try texts(list, missingNaN: false), strings.contains(where: { $0 != nil }) {
                return .strings(strings)
            }
            return .objects(try objects(list, &reader))
        case "zoned":
            let utc = try NDArray.read(data.borrow(gil), &reader)
            return .zonedDatetimes(utc, timeZone: try extra.decode(String.self, gil))
        case "categorical":
            let codes = try NDArray.read(data.borrow(gil), &reader)
            let categories: ColumnValues
            do throws(PythonConversionError) {
                categories = try read(parts: extra.borrow(gil), &reader)
            } catch {
                throw error.nested(in: ".categories")
            }
            return .categorical(codes: try Self.codes(codes), categories: categories, ordered: try flag.decode(Bool.self, gil))
        default:
            throw .typeMismatch(expected: "a known kind of pandas values", actual: kind, path: "")
        }
    }

    /// The items of `list` as text, or `nil` when one is neither `str` nor a
    /// missing value (`None`, `pd.NA`, and NaN when `missingNaN`).
    private static func texts(_ list: BorrowedObject, missingNaN: Bool) throws(PythonConversionError) -> [String?]? {
        guard pyshim_is_list(list.pointer) != 0 else { throw list.mismatch(expected: "list") }
        let count = pyshim_list_size(list.pointer)
        guard count > 0, let items = pyshim_sequence_items(list.pointer) else { return [] }
        let missing = try PandasHelpers.module.function("NA", list.gil)
        defer { withExtendedLifetime(missing) {} }  // compared by address below
        let notAvailable = missing.pointer
        var strings: [String?] = []
        strings.reserveCapacity(count)
        for position in 0..<count {
            guard let item = items[position] else { return nil }
            if pyshim_is_str(item) != 0 {
                strings.append(PythonText.string(item))
            } else if pyshim_is_none(item) != 0 || item == notAvailable
                || (missingNaN && pyshim_is_float(item) != 0 && pyshim_float_value(item).isNaN) {
                strings.append(nil)
            } else {
                return nil
            }
        }
        return strings
    }

    /// Every item of `list` converted through `reader` (depth and cycle rules apply).
    private static func objects(_ list: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> [PythonValue] {
        var values: [PythonValue] = []
        try list.forEachItem(expected: "list") { (position, item) throws(PythonConversionError) in
            values.append(try reader.nested(item, at: ""))
        }
        return values
    }

    /// Categorical codes: `-1` (missing) becomes `nil`.
    private static func codes(_ array: NDArray) throws(PythonConversionError) -> [Int?] {
        switch array.storage {
        case let .int8(codes): return codes.map { $0 < 0 ? nil : Int($0) }
        case let .int16(codes): return codes.map { $0 < 0 ? nil : Int($0) }
        case let .int32(codes): return codes.map { $0 < 0 ? nil : Int($0) }
        case let .int64(codes): return codes.map { $0 < 0 ? nil : Int($0) }
        default:
            throw .typeMismatch(expected: "signed integer categorical codes", actual: "codes of dtype \(array.dtype.name)", path: ".codes")
        }
    }
}
