import CPythonShim
import Synchronization

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

    /// The code object for `source`, compiled once per (source, filename).
    ///
    /// The cache lives in Swift, out of reach of the code it runs, and a hit
    /// compares the whole source and file name (`Dictionary` keys), never a hash
    /// alone; code objects are immutable. A `SyntaxError` is thrown described
    /// against `source`.
    static func compile(_ source: String, filename: String, _ gil: GIL) throws(PythonException) -> PythonObject {
        let key = CodeKey(source: source, filename: filename)
        // Code objects stay in the interpreter that compiled them: only the main one's are cached.
        let caches = gil.interpreter == .main
        if caches, let cached = codeCache.withLock({ $0[key] }) { return cached }
        guard !source.utf8.contains(0) else {
            throw PythonException(typeName: "ValueError", message: "source code string cannot contain null bytes")
        }
        let name: PythonObject
        do { name = try filename.pythonObject(gil) } catch { throw gil.fetchException() }
        // The text is already decoded: a PEP 263 coding comment in it must not decode it a second time.
        var flags = PyCompilerFlags(cf_flags: PyCF_SOURCE_IS_UTF8 | PyCF_IGNORE_COOKIE, cf_feature_version: PY_MINOR_VERSION)
        let code = withExtendedLifetime(name) { Py_CompileStringObject(source, name.pointer, Py_file_input, &flags, -1) }
        guard let code else { throw gil.fetchException(filename: filename, source: source) }
        let compiled = PythonObject(owning: code)
        guard caches else { return compiled }
        let evicted = codeCache.withLock { cache -> [CodeKey: PythonObject] in
            let full = cache.count >= 256 ? cache : [:]
            if !full.isEmpty { cache = [:] }
            cache[key] = compiled
            return full
        }
        withExtendedLifetime(evicted) {}  // released outside the lock
        return compiled
    }

    private struct CodeKey: Hashable {
        let source: String
        let filename: String
    }

    private static let codeCache = Mutex<[CodeKey: PythonObject]>([:])
}
