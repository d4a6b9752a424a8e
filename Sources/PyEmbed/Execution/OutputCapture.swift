import CPythonShim

/// Collects what one run writes to `sys.stdout` and `sys.stderr`.
///
/// The support module replaced both streams with routers that append to the
/// buffers named by a context variable; each run sets that variable in its own
/// thread's context, so runs on different threads never mix their output.
/// Threads the code starts itself write to the process's real streams.
struct OutputCapture {
    /// One stream's sink and the list of text it keeps (held here, so code that
    /// empties or replaces the buffers it can reach cannot pull them away).
    private struct Stream {
        let sink: PythonObject
        let parts: PythonObject
    }

    private let buffers: PythonObject
    private let stdout: Stream
    private let stderr: Stream
    private let token: PythonObject

    /// Points the routers at fresh buffers for the calling thread (`PyContextVar_Set`),
    /// each keeping at most `limit` characters (`nil`: everything).
    init(limit: Int?, _ gil: GIL) throws(PythonException) {
        let stdout = try Self.stream(limit, gil)
        let stderr = try Self.stream(limit, gil)
        buffers = try gil.owned(PyList_New(2))
        pyshim_incref(stdout.sink.pointer)
        pyshim_list_set_item(buffers.pointer, 0, stdout.sink.pointer)
        pyshim_incref(stderr.sink.pointer)
        pyshim_list_set_item(buffers.pointer, 1, stderr.sink.pointer)
        token = try gil.owned(PyContextVar_Set(SupportModule.installed.captureVariable.pointer, buffers.pointer))
        self.stdout = stdout
        self.stderr = stderr
    }

    private static func stream(_ limit: Int?, _ gil: GIL) throws(PythonException) -> Stream {
        let bound = try limit.map { (limit) throws(PythonException) in try gil.owned(PyLong_FromSsize_t(max(limit, 0))) }
        let sink = try gil.owned(withExtendedLifetime(bound) {
            PyObject_CallOneArg(SupportModule.installed.sinkType.pointer, bound?.pointer ?? pyshim_none())
        })
        let parts = try gil.owned(PyObject_GetAttrString(sink.pointer, "parts"))
        return Stream(sink: sink, parts: parts)
    }

    /// Restores the previous routing (`PyContextVar_Reset`) and returns the text written,
    /// each ending with a note of the total when the limit cut it.
    func finish(_ gil: GIL) -> (stdout: String, stderr: String) {
        if PyContextVar_Reset(SupportModule.installed.captureVariable.pointer, token.pointer) != 0 { PyErr_Clear() }
        return (text(stdout, gil), text(stderr, gil))
    }

    private func text(_ stream: Stream, _ gil: GIL) -> String {
        let body = joined(stream.parts, gil)
        let total = count("total", of: stream.sink), kept = count("kept", of: stream.sink)
        guard let limit = count("limit", of: stream.sink), let total, let kept, total > kept else { return body }
        return body + OutputTruncation.note(written: total, kept: kept, limit: limit, unit: .characters)
    }

    /// An integer attribute of a sink, `nil` when it is not one (no limit, or changed by the code).
    private func count(_ name: String, of sink: PythonObject) -> Int? {
        guard let value = PyObject_GetAttrString(sink.pointer, name) else {
            PyErr_Clear()
            return nil
        }
        defer { pyshim_decref(value) }
        guard pyshim_is_exact_int(value) != 0 else { return nil }
        var overflow: Int32 = 0
        let number = pyshim_long_as_int64(value, &overflow)
        return overflow == 0 ? Int(number) : nil
    }

    /// The text of one buffer list.
    private func joined(_ parts: PythonObject, _ gil: GIL) -> String {
        guard pyshim_list_size(parts.pointer) > 0 else { return "" }
        guard let empty = PyUnicode_FromStringAndSize(nil, 0) else {
            PyErr_Clear()
            return ""
        }
        defer { pyshim_decref(empty) }
        guard let text = PyUnicode_Join(empty, parts.pointer) else {
            PyErr_Clear()
            return ""
        }
        defer { pyshim_decref(text) }
        return PythonText.string(text)
    }
}
