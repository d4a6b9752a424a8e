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
        case let .unicode(values): return try listed(values.map(PythonValue.string), gil)
        case let .object(values): return try listed(values, gil)
        }
    }

    private func filled<T>(_ values: [T], _ gil: GIL) throws(PythonConversionError) -> PythonObject {
        let answer = try NumpyHelpers.module.call("empty", [shape, dtype.name], gil)
        let (target, result) = try answer.borrow(gil).decodeTuple(PythonObject.self, PythonObject.self)
        var view = Py_buffer()
        guard PyObject_GetBuffer(target.pointer, &view, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) == 0 else { throw .pending(gil) }
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
