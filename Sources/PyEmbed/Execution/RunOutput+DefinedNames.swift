import CPythonShim

extension RunOutput {
    /// The names of the variables the code left that a caller would want
    /// back, in definition order: not private (`_name`), not modules, not
    /// callables (functions, classes).
    ///
    /// - Complexity: O(*n*) in the namespace's size.
    public func definedNames(_ gil: GIL) -> [String] {
        var names: [String] = []
        var position = 0
        var key: UnsafeMutablePointer<PyObject>?, value: UnsafeMutablePointer<PyObject>?
        while PyDict_Next(namespace.pointer, &position, &key, &value) != 0 {
            guard let key, let value, pyshim_is_str(key) != 0, let utf8 = PyUnicode_AsUTF8(key) else { continue }
            let name = String(cString: utf8)
            if name.hasPrefix("_") || pyshim_is_module(value) != 0 || PyCallable_Check(value) != 0 { continue }
            names.append(name)
        }
        PyErr_Clear()
        return names
    }
}
