extension ReferenceEncoder {
    /// An array's `tolist()`: nested arrays by shape (a 0-d array gives its
    /// one item), items as `ndarray.item()` gives them, then encoded.
    ///
    /// With a `mask`, masked elements are `null`, as a masked array's `tolist()` gives `None`.
    mutating func list(of array: NDArray, masked mask: [Bool]? = nil) throws(Failure) -> JSONValue {
        var items = try items(of: array)
        if let mask {
            for (position, masked) in mask.enumerated() where masked && items.indices.contains(position) { items[position] = .null }
        }
        guard !array.shape.isEmpty else { return items.first ?? .null }
        guard array.shape.allSatisfy({ $0 >= 0 }), array.count == items.count else { return .array(items) }
        return try nested { (encoder) throws(Failure) in try encoder.nest(items, shape: array.shape[...], offset: 0) }
    }

    private mutating func nest(_ items: [JSONValue], shape: ArraySlice<Int>, offset: Int) throws(Failure) -> JSONValue {
        guard let length = shape.first else { return items[offset] }
        let inner = shape.dropFirst()
        if inner.isEmpty { return .array(Array(items[offset..<offset + length])) }
        let stride = inner.reduce(1, *)
        return try nested { (encoder) throws(Failure) in
            var rows: [JSONValue] = []
            rows.reserveCapacity(length)
            for row in 0..<length { rows.append(try encoder.nest(items, shape: inner, offset: offset + row * stride)) }
            return .array(rows)
        }
    }

    /// Every element, in row-major order.
    private mutating func items(of array: NDArray) throws(Failure) -> [JSONValue] {
        switch array.storage {
        case let .bool(values): return values.map(JSONValue.bool)
        case let .int8(values): return values.map { .number(JSONNumber($0)) }
        case let .int16(values): return values.map { .number(JSONNumber($0)) }
        case let .int32(values): return values.map { .number(JSONNumber($0)) }
        case let .int64(values): return values.map { .number(JSONNumber($0)) }
        case let .uint8(values): return values.map { .number(JSONNumber($0)) }
        case let .uint16(values): return values.map { .number(JSONNumber($0)) }
        case let .uint32(values): return values.map { .number(JSONNumber($0)) }
        case let .uint64(values): return values.map { .number(JSONNumber($0)) }
        case let .float16(values), let .float32(values): return values.map { .number(Double($0)) }
        case let .float64(values): return values.map { .number($0) }
        case let .complex64(values): return values.map { Self.complex(Double($0.real), Double($0.imaginary)) }
        case let .complex128(values): return values.map { Self.complex($0.real, $0.imaginary) }
        case let .datetime64(ticks):
            let unit = NumpyTimeUnit(dtype: array.dtype)
            return ticks.map { NumpyTimeItem.datetime($0, unit) }
        case let .timedelta64(ticks):
            let unit = NumpyTimeUnit(dtype: array.dtype)
            return ticks.map { NumpyTimeItem.timedelta($0, unit) }
        case let .bytes(values): return values.map { Self.fallback(PythonRepr.bytes($0), type: "bytes", module: "builtins") }
        case let .unicode(values): return values.map(JSONValue.string)
        case let .object(values):
            var items: [JSONValue] = []
            items.reserveCapacity(values.count)
            for value in values { items.append(try encode(value)) }
            return items
        }
    }
}
