extension WireSink {
    /// dtype, shape, then storage.
    mutating func array(_ array: NDArray) {
        dtype(array.dtype)
        count(array.shape.count)
        for length in array.shape { int(length) }
        storage(array.storage)
    }

    private mutating func dtype(_ dtype: NumpyDType) {
        byte(WireFormat.dtypeKindTag(dtype.kind))
        int(dtype.itemSize)
        string(dtype.name)
        optional(dtype.unit) { $0.string($1) }
    }

    /// The storage tag, then raw bytes for numbers or element by element for the rest.
    private mutating func storage(_ storage: NDArrayStorage) {
        byte(WireStorageTag(storage).rawValue)
        switch storage {
        case let .bool(values): raw(values)
        case let .int8(values): raw(values)
        case let .int16(values): raw(values)
        case let .int32(values): raw(values)
        case let .int64(values), let .datetime64(values), let .timedelta64(values): raw(values)
        case let .uint8(values): raw(values)
        case let .uint16(values): raw(values)
        case let .uint32(values): raw(values)
        case let .uint64(values): raw(values)
        case let .float16(values), let .float32(values): raw(values)
        case let .float64(values): raw(values)
        case let .complex64(values): raw(values)
        case let .complex128(values): raw(values)
        case let .bytes(values): sequence(values) { $0.blob($1) }
        case let .unicode(values): sequence(values) { $0.string($1) }
        case let .object(values): self.values(values)
        case let .nullableUnicode(values): optionalStrings(values)
        case let .records(count, fields):
            self.count(count)
            sequence(fields) { sink, field in
                sink.string(field.name)
                sink.int(field.offset)
                sink.array(field.values)
            }
        }
    }

    /// Kind, whether the tick count is there (NaT: absent), ticks, unit.
    mutating func numpyTime(_ time: NumpyTime) {
        bool(time.kind == .timedelta)
        optional(time.ticks) { $0.word(UInt64(bitPattern: $1)) }
        string(time.unit)
    }
}

extension WireReader {
    /// An array whose object elements (if any) sit one level below `depth`;
    /// the array starts at `start` (its tag).
    mutating func array(depth: Int, at start: Int) throws(WireFormatError) -> NDArray {
        let dtype = try dtype()
        let shapeStart = offset
        let rank = try count(minimumBytes: 8)
        guard rank <= WireFormat.maxDimensions else {
            throw failure(.tooManyDimensions(rank, limit: WireFormat.maxDimensions), at: shapeStart)
        }
        var shape: [Int] = []
        shape.reserveCapacity(rank)
        var elements = 1
        for _ in 0..<rank {
            let lengthStart = offset
            let length = try int()
            guard length >= 0 else { throw failure(.negativeDimension(length), at: lengthStart) }
            let (product, overflow) = elements.multipliedReportingOverflow(by: length)
            guard !overflow else { throw failure(.shapeOverflow, at: lengthStart) }
            elements = product
            shape.append(length)
        }
        let storageStart = offset
        let storage = try storage(dtype: dtype, shape: shape, depth: depth, arrayStart: start)
        guard storage.count == elements else {
            throw failure(.shapeMismatch(expected: elements, actual: storage.count), at: storageStart)
        }
        return NDArray(dtype: dtype, shape: shape, storage: storage)
    }

    private mutating func dtype() throws(WireFormatError) -> NumpyDType {
        let kind = try dtypeKind()
        let itemSize = try int()
        let name = try string()
        return NumpyDType(kind: kind, itemSize: itemSize, name: name, unit: try optional { (reader) throws(WireFormatError) in try reader.string() })
    }

    private mutating func storage(
        dtype: NumpyDType, shape: [Int], depth: Int, arrayStart: Int
    ) throws(WireFormatError) -> NDArrayStorage {
        let start = offset
        let tag = try tag(WireStorageTag.self, "array storage")
        // Variable-width StringDType arrays without missing values use plain unicode storage.
        guard tag.kind == dtype.kind || tag == .unicode && dtype.kind == .string else {
            throw failure(.dtypeMismatch(dtype: dtype.name, storage: "\(tag)"), at: start)
        }
        switch tag {
        case .bool: return .bool(try rawBools())
        case .int8: return .int8(try raw(Int8.self))
        case .int16: return .int16(try raw(Int16.self))
        case .int32: return .int32(try raw(Int32.self))
        case .int64: return .int64(try raw(Int64.self))
        case .uint8: return .uint8(try raw(UInt8.self))
        case .uint16: return .uint16(try raw(UInt16.self))
        case .uint32: return .uint32(try raw(UInt32.self))
        case .uint64: return .uint64(try raw(UInt64.self))
        case .float16: return .float16(try raw(Float.self))
        case .float32: return .float32(try raw(Float.self))
        case .float64: return .float64(try raw(Double.self))
        case .complex64: return .complex64(try raw(ComplexNumber<Float>.self))
        case .complex128: return .complex128(try raw(ComplexNumber<Double>.self))
        case .datetime64: return .datetime64(try raw(Int64.self))
        case .timedelta64: return .timedelta64(try raw(Int64.self))
        case .bytes: return .bytes(try sequence(minimumBytes: 8) { (reader) throws(WireFormatError) in try reader.blob() })
        case .unicode: return .unicode(try sequence(minimumBytes: 8) { (reader) throws(WireFormatError) in try reader.string() })
        case .object:
            return .object(try values(depth: try enter(depth, at: arrayStart)))
        case .nullableUnicode: return .nullableUnicode(try optionalStrings())
        case .records:
            return try records(shape: shape, depth: try enter(depth, at: arrayStart), arrayStart: arrayStart)
        }
    }

    /// Record count, field count, then each field's name, offset and array,
    /// whose shape must start with the record array's `shape`.
    private mutating func records(shape: [Int], depth: Int, arrayStart: Int) throws(WireFormatError) -> NDArrayStorage {
        let recordCount = try int()
        let fields = try sequence(minimumBytes: 8) { (reader) throws(WireFormatError) -> NumpyRecordField in
            let name = try reader.string()
            let fieldOffset = try reader.int()
            let fieldStart = reader.offset
            let values = try reader.array(depth: depth, at: fieldStart)
            guard values.shape.starts(with: shape) else {
                throw reader.failure(.shapeMismatch(expected: shape.count, actual: values.shape.count), at: fieldStart)
            }
            return NumpyRecordField(name: name, offset: fieldOffset, values: values)
        }
        return .records(count: recordCount, fields: fields)
    }

    /// A dtype kind's tag byte, read through ``WireFormat/dtypeKinds``.
    private mutating func dtypeKind() throws(WireFormatError) -> NumpyDType.Kind {
        let start = offset
        let raw = try byte()
        guard Int(raw) < WireFormat.dtypeKinds.count else { throw failure(.unknownTag(raw, context: "dtype kind"), at: start) }
        return WireFormat.dtypeKinds[Int(raw)]
    }

    /// A `datetime64` or `timedelta64` scalar.
    mutating func numpyTime() throws(WireFormatError) -> NumpyTime {
        let kind: NumpyTime.Kind = try bool() ? .timedelta : .datetime
        let ticks = try optional { (reader) throws(WireFormatError) in Int64(bitPattern: try reader.word()) }
        return NumpyTime(kind: kind, ticks: ticks, unit: try string())
    }
}

extension WireStorageTag {
    /// The tag of `storage`'s case.
    init(_ storage: NDArrayStorage) {
        switch storage {
        case .bool: self = .bool
        case .int8: self = .int8
        case .int16: self = .int16
        case .int32: self = .int32
        case .int64: self = .int64
        case .uint8: self = .uint8
        case .uint16: self = .uint16
        case .uint32: self = .uint32
        case .uint64: self = .uint64
        case .float16: self = .float16
        case .float32: self = .float32
        case .float64: self = .float64
        case .complex64: self = .complex64
        case .complex128: self = .complex128
        case .datetime64: self = .datetime64
        case .timedelta64: self = .timedelta64
        case .bytes: self = .bytes
        case .unicode: self = .unicode
        case .object: self = .object
        case .nullableUnicode: self = .nullableUnicode
        case .records: self = .records
        }
    }

    /// The dtype family this storage case holds.
    var kind: NumpyDType.Kind {
        switch self {
        case .bool: return .bool
        case .int8, .int16, .int32, .int64: return .signedInteger
        case .uint8, .uint16, .uint32, .uint64: return .unsignedInteger
        case .float16, .float32, .float64: return .float
        case .complex64, .complex128: return .complex
        case .datetime64: return .datetime
        case .timedelta64: return .timedelta
        case .bytes: return .bytes
        case .unicode: return .unicode
        case .object: return .object
        case .nullableUnicode: return .string
        case .records: return .record
        }
    }
}
