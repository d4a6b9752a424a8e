import CPythonShim

extension NDArray: ConvertibleToPython {
    /// A new numpy array with the same dtype, shape and elements.
    ///
    /// Fixed-size elements are copied into the array's memory with one
    /// `memcpy`; strings, bytes and objects go element by element.
    /// - Complexity: O(*n*).
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        guard storage.count == count else {
            throw .wrongCount(expected: count, actual: storage.count, path: "<elements for shape \(shape)>")
        }
        switch storage {
        case let .bool(values): return try filled(values.map { $0 ? UInt8(1) : 0 }, gil)
        case let .int8(values): return try filled(values, gil)
        case let .int16(values): return try filled(values, gil)
        case let .int32(values): return try filled(values, gil)
        case let .int64(values), let .datetime64(values), let .timedelta64(values): return try filled(values, gil)
        case let .uint8(values): return try filled(values, gil)
        case let .uint16(values): return try filled(values, gil)
        case let .uint32(values): return try filled(values, gil)
        case let .uint64(values): return try filled(values, gil)
        case let .float16(values): return try filled(values.map(HalfFloat.narrow), gil)
        case let .float32(values): return try filled(values, gil)
        case let .float64(values): return try filled(values, gil)
        case let .complex64(values): return try filled(values.flatMap { [$0.real, $0.imaginary] }, gil)
        case let .complex128(values): return try filled(values.flatMap { [$0.real, $0.imaginary] }, gil)
        case let .bytes(values): return try listed(values.map(PythonValue.bytes), gil)
        case let .unicode(values) where dtype.kind == .string: return try strings(values.map(PythonValue.string), gil)
        case let .unicode(values): return try listed(values.map(PythonValue.string), gil)
        case let .object(values): return try listed(values, gil)
        case let .nullableUnicode(values): return try strings(values.map { $0.map(PythonValue.string) ?? .none }, gil)
        case let .records(_, fields): return try records(fields, gil)
        }
    }

    private func strings(_ values: [PythonValue], _ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try NumpyHelpers.module.call("strings", [values, shape, dtype.name], gil)
    }

    /// A structured array: the dtype rebuilt from the fields' dtypes, offsets
    /// and the record size, then filled field by field.
    private func records(_ fields: [NumpyRecordField], _ gil: GIL) throws(PythonConversionError) -> PythonObject {
        var columns: [PythonObject] = []
        for field in fields {
            do throws(PythonConversionError) { columns.append(try field.values.pythonObject(gil)) } catch { throw error.nested(in: "['\(field.name)']") }
        }
        return try NumpyHelpers.module.call(
            "records", [shape, recordLayout(fields), dtype.itemSize, columns, isRecordArray], gil)
    }

    /// `[(name, format, sub-array shape, offset)]` for `record_dtype`; a nested
    /// record's format is `(its layout, its itemsize)`.
    private func recordLayout(_ fields: [NumpyRecordField]) -> PythonValue {
        .list(fields.map { field in
            let values = field.values
            let form: PythonValue = values.dtype.kind == .record
                ? .tuple([values.recordLayout(values.fields), .int(PythonInteger(values.dtype.itemSize))])
                : .string(values.dtype.name)
            let subshape = values.shape.dropFirst(shape.count).map { PythonValue.int(PythonInteger($0)) }
            return .tuple([.string(field.name), form, .list(subshape), .int(PythonInteger(field.offset))])
        })
    }

    private func filled<T>(_ values: [T], _ gil: GIL) throws(PythonConversionError) -> PythonObject {
        let answer = try NumpyHelpers.module.call("empty", [shape, dtype.name], gil)
        let (target, result) = try answer.borrow(gil).decodeTuple(PythonObject.self, PythonObject.self)
        var view = Py_buffer()
        // The exported view holds its own reference to `target` from here on.
        guard withExtendedLifetime(target, { PyObject_GetBuffer(target.pointer, &view, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) }) == 0 else { throw .pending(gil) }
        defer { PyBuffer_Release(&view) }
        values.withUnsafeBytes { bytes in
            if let source = bytes.baseAddress, let destination = view.buf {
                destination.copyMemory(from: source, byteCount: Swift.min(bytes.count, view.len))
            }
        }
        return result
    }

    private func listed(_ values: [PythonValue], _ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try NumpyHelpers.module.call("from_list", [values, shape, dtype.name], gil)
    }
}

extension NumpyTime: ConvertibleToPython {
    /// A `numpy.datetime64` or `numpy.timedelta64` with the same ticks and unit (NaT for `nil`).
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try NumpyHelpers.module.call("time_scalar", [kind == .datetime ? "M" : "m", ticks, unit], gil)
    }
}
