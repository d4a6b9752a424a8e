import CPythonShim

extension GIL {
    /// Calls `body` with the raw bytes of a C-contiguous object's buffer (PEP 3118),
    /// exported for the length of the call (`PyObject_GetBuffer` / `PyBuffer_Release`).
    func withContiguousBytes<R>(
        of object: PythonObject, _ body: (UnsafeRawBufferPointer) throws(PythonConversionError) -> R
    ) throws(PythonConversionError) -> R {
        var view = Py_buffer()
        guard PyObject_GetBuffer(object.pointer, &view, PyBUF_C_CONTIGUOUS) == 0 else { throw .pending(self) }
        defer { PyBuffer_Release(&view) }
        return try body(UnsafeRawBufferPointer(start: view.buf, count: view.len))
    }
}
