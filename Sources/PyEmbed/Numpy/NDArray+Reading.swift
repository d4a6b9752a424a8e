import CPythonShim

extension NDArray: ConvertibleFromPython {
    /// Copies a numpy array (any dtype, shape, strides or byte order) into Swift storage.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        self = try object.read(as: .ndarray, expected: "numpy.ndarray", NDArray.read)
    }

    /// Copies a numpy array into Swift storage.
    ///
    /// Numeric, boolean and time arrays are made C-contiguous and native-endian
    /// by numpy (no copy when they already are) and then copied with one
    /// `memcpy`; object arrays convert element by element through `reader`.
    /// - Complexity: O(*n*).
    static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> NDArray {
        let gil = object.gil
        guard PyObject_HasAttrString(object.pointer, "dtype") != 0 else { throw object.mismatch(expected: "numpy.ndarray") }
        let prepared = try NumpyHelpers.module.call("prepare", [object.owned()], gil)
        let (array, shape, description) = try prepared.borrow(gil).decodeTuple(PythonObject.self, [Int].self, DTypeDescription.self)
        let dtype = try description.dtype
        if dtype.kind == .object {
            let items = try reader.container(object.pointer) { (reader) throws(PythonConversionError) -> [PythonValue] in
                var values: [PythonValue] = []
                let flat = array.borrow(gil)
                values.reserveCapacity(PyObject_Length(flat.pointer))
                try flat.forEachIterated { (item) throws(PythonConversionError) in
                    values.append(try reader.nested(item, at: "[\(values.count)]"))
                }
                return values
            }
            return NDArray(dtype: dtype, shape: shape, storage: .object(items))
        }
        if dtype.kind == .record { return try readRecords(array.borrow(gil), dtype: dtype, shape: shape, &reader) }
        if dtype.kind == .string {
            let items = try NumpyHelpers.module.call("string_items", [array], gil)
            let storage: NDArrayStorage = dtype.name.contains("na_object=")
                ? .nullableUnicode(try items.decode([String?].self, gil)) : .unicode(try items.decode([String].self, gil))
            return NDArray(dtype: dtype, shape: shape, storage: storage)
        }
        let storage = try gil.withContiguousBytes(of: array) { bytes throws(PythonConversionError) in
            try NDArrayStorage(copying: bytes, dtype: dtype)
        }
        return NDArray(dtype: dtype, shape: shape, storage: storage)
    }

    /// Reads a structured array field by field; each field is read as an array of its own.
    private static func readRecords(
        _ array: BorrowedObject, dtype: NumpyDType, shape: [Int], _ reader: inout ValueReader
    ) throws(PythonConversionError) -> NDArray {
        let gil = array.gil
        let described = try NumpyHelpers.module.call("record_fields", [array.owned()], gil)
        var fields: [NumpyRecordField] = []
        try described.borrow(gil).forEachHeldItem(expected: "list") { (_, item) throws(PythonConversionError) in
            let (name, offset, values) = try item.decodeTuple(String.self, Int.self, PythonObject.self)
            do throws(PythonConversionError) {
                fields.append(NumpyRecordField(name: name, offset: offset, values: try read(values.borrow(gil), &reader)))
            } catch {
                throw error.nested(in: "['\(name)']")
            }
        }
        let count = NDArray(dtype: dtype, shape: shape, storage: .records(count: 0, fields: [])).count
        return NDArray(dtype: dtype, shape: shape, storage: .records(count: count, fields: fields))
    }

    /// Converts a numpy scalar into the matching Swift scalar value.
    static func readScalar(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> PythonValue {
        let gil = object.gil
        let answer = try NumpyHelpers.module.call("scalar", [object.owned()], gil)
        let parts = answer.borrow(gil)
        if PyObject_Length(parts.pointer) == 4 {
            let (_, kind, ticks, unit) = try parts.decodeTuple(String.self, String.self, Int64?.self, String.self)
            return .numpyTime(NumpyTime(kind: kind == "M" ? .datetime : .timedelta, ticks: ticks, unit: unit))
        }
        let (_, item) = try parts.decodeTuple(String.self, PythonObject.self)
        return try reader.nested(item.borrow(gil), at: "")
    }
}

/// `NumpyHelpers.describe`'s answer.
struct DTypeDescription: ConvertibleFromPython {
    /// The dtype, or `nil` when PyEmbed has no storage for its kind.
    private let described: NumpyDType?
    private let name: String

    init(python object: BorrowedObject) throws(PythonConversionError) {
        let (kind, itemSize, name, unit) = try object.decodeTuple(String.self, Int.self, String.self, String?.self)
        self.name = name
        described = NumpyDType.Kind(code: kind).map { NumpyDType(kind: $0, itemSize: itemSize, name: name, unit: unit) }
    }

    /// The dtype; thrown here, not while decoding, so the error is located at the array.
    var dtype: NumpyDType {
        get throws(PythonConversionError) {
            guard let described else {
                throw .typeMismatch(expected: "a numpy array of a supported dtype", actual: "numpy.ndarray of dtype \(name)", path: "")
            }
            return described
        }
    }
}

extension NumpyDType.Kind {
    /// The kind for numpy's one-letter `dtype.kind` code.
    init?(code: String) {
        switch code {
        case "b": self = .bool
        case "i": self = .signedInteger
        case "u": self = .unsignedInteger
        case "f": self = .float
        case "c": self = .complex
        case "M": self = .datetime
        case "m": self = .timedelta
        case "S": self = .bytes
        case "U": self = .unicode
        case "O": self = .object
        case "T": self = .string
        case "V": self = .record
        default: return nil
        }
    }
}
