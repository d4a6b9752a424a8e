import CPythonShim

/// Module namespaces and compiled code for runs.
enum Globals {
    /// A new module namespace: `__builtins__` and `__name__ == "__main__"`.
    static func make(_ gil: GIL) throws(PythonException) -> PythonObject {
        let globals = try gil.owned(PyDict_New())
        guard PyDict_SetItemString(globals.pointer, "__builtins__", PyEval_GetBuiltins()) == 0,
              let name = PyUnicode_FromString("__main__") else { throw gil.fetchException() }
        defer { pyshim_decref(name) }
        guard PyDict_SetItemString(globals.pointer, "__name__", name) == 0 else { throw gil.fetchException() }
        return globals
    }

    /// The code object for `source`, compiled once per (source, filename) and
    /// cached (`Py_CompileStringObject`). A `SyntaxError` is thrown described
    /// against `source`.
    static func compile(_ source: String, filename: String, _ gil: GIL) throws(PythonException) -> PythonObject {
        guard !source.utf8.contains(0) else {
            throw PythonException(typeName: "ValueError", message: "source code string cannot contain null bytes")
        }
        let cache = SupportModule.installed.codeCache.pointer
        let name: PythonObject, text: PythonObject, key: PythonObject
        do {
            name = try filename.pythonObject(gil)
            text = try source.pythonObject(gil)
            key = try gil.owned(pyshim_tuple_pair(text.pointer, name.pointer))
        } catch let error as PythonException {
            throw error
        } catch {
            throw gil.fetchException()
        }
        if let cached = PyDict_GetItemWithError(cache, key.pointer), pyshim_is_code(cached) != 0 {
            return PythonObject(retaining: cached, gil)
        }
        PyErr_Clear()  // a lookup error, or an entry user code replaced: compile again
        // The text is already decoded: a PEP 263 coding comment in it must not decode it a second time.
        var flags = PyCompilerFlags(cf_flags: PyCF_SOURCE_IS_UTF8 | PyCF_IGNORE_COOKIE, cf_feature_version: PY_MINOR_VERSION)
        let code = Py_CompileStringObject(source, name.pointer, Py_file_input, &flags, -1)
        guard let code else { throw gil.fetchException(filename: filename, source: source) }
        if PyDict_Size(cache) >= 256 { PyDict_Clear(cache) }
        if PyDict_SetItem(cache, key.pointer, code) != 0 { PyErr_Clear() }
        return PythonObject(owning: code)
    }
}
