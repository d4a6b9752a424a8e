extension NDArrayStorage {
    /// The element array, whatever its type.
    var elements: Any {
        switch self {
        case let .bool(values): return values
        case let .int8(values): return values
        case let .int16(values): return values
        case let .int32(values): return values
        case let .int64(values): return values
        case let .uint8(values): return values
        case let .uint16(values): return values
        case let .uint32(values): return values
        case let .uint64(values): return values
        case let .float16(values), let .float32(values): return values
        case let .float64(values): return values
        case let .complex64(values): return values
        case let .complex128(values): return values
        case let .datetime64(values), let .timedelta64(values): return values
        case let .bytes(values): return values
        case let .unicode(values): return values
        case let .object(values): return values
        case let .nullableUnicode(values): return values
        case let .records(_, fields): return fields
        }
    }

    /// The number of elements.
    public var count: Int {
        switch self {
        case let .bool(values): return values.count
        case let .int8(values): return values.count
        case let .int16(values): return values.count
        case let .int32(values): return values.count
        case let .int64(values), let .datetime64(values), let .timedelta64(values): return values.count
        case let .uint8(values): return values.count
        case let .uint16(values): return values.count
        case let .uint32(values): return values.count
        case let .uint64(values): return values.count
        case let .float16(values), let .float32(values): return values.count
        case let .float64(values): return values.count
        case let .complex64(values): return values.count
        case let .complex128(values): return values.count
        case let .bytes(values): return values.count
        case let .unicode(values): return values.count
        case let .object(values): return values.count
        case let .nullableUnicode(values): return values.count
        case let .records(count, _): return count
        }
    }

    /// Storage for `values` of a ``NumpyElement`` type.
    init<T: NumpyElement>(_ values: [T]) {
        switch values {
        case let values as [Bool]: self = .bool(values)
        case let values as [Int8]: self = .int8(values)
        case let values as [Int16]: self = .int16(values)
        case let values as [Int32]: self = .int32(values)
        case let values as [Int64]: self = .int64(values)
        case let values as [UInt8]: self = .uint8(values)
        case let values as [UInt16]: self = .uint16(values)
        case let values as [UInt32]: self = .uint32(values)
        case let values as [UInt64]: self = .uint64(values)
        case let values as [Float]: self = .float32(values)
        case let values as [Double]: self = .float64(values)
        case let values as [String]: self = .unicode(values)
        default: self = .object([])
        }
    }
}

extension NDArray {
    /// A 1-d array (or one of `shape`) of Swift values.
    ///
    /// - Precondition: the product of `shape` is `values.count`; see
    ///   ``pythonObject(_:)``, which reports a mismatch as an error.
    public init<T: NumpyElement>(_ values: [T], shape: [Int]? = nil) {
        var dtype = T.numpyDType
        if T.self == String.self, let strings = values as? [String] {
            let width = Swift.max(1, strings.map(\.unicodeScalars.count).max() ?? 1)
            dtype = NumpyDType(kind: .unicode, itemSize: 4 * width, name: "U\(width)")
        }
        self.init(dtype: dtype, shape: shape ?? [values.count], storage: NDArrayStorage(values))
    }

    /// The elements as `T`, in row-major order.
    ///
    /// - Throws: ``PythonConversionError/typeMismatch(expected:actual:path:)``
    ///   when the array holds another type: bytes are never reinterpreted.
    public func elements<T: NumpyElement>(as type: T.Type = T.self) throws(PythonConversionError) -> [T] {
        guard let values = T.values(in: storage) else {
            throw .typeMismatch(expected: "numpy.ndarray of \(T.numpyDType.name)", actual: "numpy.ndarray of \(dtype.name)", path: "")
        }
        return values
    }
}
