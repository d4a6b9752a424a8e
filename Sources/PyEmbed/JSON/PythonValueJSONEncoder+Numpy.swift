extension PythonValueJSONEncoder {
    /// An array's `tolist()`: nested arrays by shape (a 0-d array gives its
    /// one item), items as `ndarray.item()` gives them, then encoded.
    ///
    /// With a `mask`, masked elements are `null`, as a masked array's `tolist()` gives `None`.
    public mutating func list(of array: NDArray, masked mask: [Bool]? = nil) throws(Failure) -> JSONValue {
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
        case let .complex64(values): return try encoded(values.map { .complex(real: Double($0.real), imaginary: Double($0.imaginary)) })
        case let .complex128(values): return try encoded(values.map { .complex(real: $0.real, imaginary: $0.imaginary) })
        case let .datetime64(ticks):
            let unit = NumpyTimeUnit(dtype: array.dtype)
            return try encoded(ticks.map { NumpyTimeItem.datetime($0, unit) })
        case let .timedelta64(ticks):
            let unit = NumpyTimeUnit(dtype: array.dtype)
            return try encoded(ticks.map { NumpyTimeItem.timedelta($0, unit) })
        case let .bytes(values): return try encoded(values.map(PythonValue.bytes))
        case let .unicode(values): return values.map(JSONValue.string)
        case let .object(values): return try encoded(values)
        case let .nullableUnicode(values):
            let missing = try encode(Self.stringMissing(dtypeName: array.dtype.name))
            return values.map { $0.map(JSONValue.string) ?? missing }
        case let .records(count, fields):
            return try records(count: count, fields: fields, recordDimensions: array.shape.count)
        }
    }

    /// Records as `tolist()` gives them: one tuple per record, each field's
    /// value as its `item()`, a sub-array field as its `tolist()`.
    private mutating func records(count: Int, fields: [NumpyRecordField], recordDimensions: Int) throws(Failure) -> [JSONValue] {
        var rows = [[JSONValue]](repeating: [], count: count)
        for field in fields {
            let values = try items(of: field.values)
            let subshape = field.values.shape.dropFirst(recordDimensions)
            let stride = subshape.reduce(1, *)
            guard values.count == count * stride else { continue }
            for row in 0..<count {
                rows[row].append(subshape.isEmpty
                    ? values[row]
                    : try nested { (encoder) throws(Failure) in try encoder.nest(values, shape: subshape, offset: row * stride) })
            }
        }
        return rows.map(JSONValue.array)
    }

    /// Each of `values` encoded.
    mutating func encoded(_ values: [PythonValue]) throws(Failure) -> [JSONValue] {
        var items: [JSONValue] = []
        items.reserveCapacity(values.count)
        for value in values { items.append(try encode(value)) }
        return items
    }

    /// What `tolist()` gives for a missing `StringDType` element, by the
    /// dtype's `na_object`: `None` for `None` and NaN (written `null` either
    /// way), `pd.NA`, or the string sentinel.
    static func stringMissing(dtypeName: String) -> PythonValue {
        guard let range = dtypeName.range(of: "na_object=") else { return .none }
        let text = dtypeName[range.upperBound...].prefix { $0 != "," && $0 != ")" }
        if text == "<NA>" { return .missing(.notAvailable) }
        if text.count >= 2, let quote = text.first, quote == "'" || quote == "\"", text.last == quote {
            return .string(String(text.dropFirst().dropLast()))
        }
        return .none
    }
}
