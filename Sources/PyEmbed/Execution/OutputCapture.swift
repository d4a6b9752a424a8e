import CPythonShim

/// Collects what one run writes to `sys.stdout` and `sys.stderr`.
///
/// The support module replaced both streams with routers that append to the
/// buffers named by a context variable; each run sets that variable in its own
/// thread's context, so runs on different threads never mix their output.
/// Threads the code starts itself write to the process's real streams.
struct OutputCapture {
    private let buffers: PythonObject
    private let stdout: PythonObject
    private let stderr: PythonObject
    private let token: PythonObject

    /// Points the routers at fresh buffers for the calling thread (`PyContextVar_Set`).
    init(_ gil: GIL) throws(PythonException) {
        let stdout = try gil.owned(PyList_New(0))
        let stderr = try gil.owned(PyList_New(0))
        buffers = try gil.owned(PyList_New(2))
        pyshim_incref(stdout.pointer)
        pyshim_list_set_item(buffers.pointer, 0, stdout.pointer)
        pyshim_incref(stderr.pointer)
        pyshim_list_set_item(buffers.pointer, 1, stderr.pointer)
        token = try gil.owned(PyContextVar_Set(SupportModule.installed.captureVariable.pointer, buffers.pointer))
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Restores the previous routing (`PyContextVar_Reset`) and returns the text written.
    func finish(_ gil: GIL) -> (stdout: String, stderr: String) {
        if PyContextVar_Reset(SupportModule.installed.captureVariable.pointer, token.pointer) != 0 { PyErr_Clear() }
        return (joined(stdout, gil), joined(stderr, gil))
    }

    /// The text of one buffer list (held here, so code that empties or replaces
    /// the buffers it can reach cannot pull them away).
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
