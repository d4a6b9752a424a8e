import CPythonShim

extension BorrowedObject {
    /// `repr(object)` (`PyObject_Repr`), under a recursion limit of at most 1000
    /// so that a deeply nested object gives `RecursionError`, not a stack overflow.
    public func repr() throws(PythonException) -> String {
        let text = try gil.withRecursionLimit(atMost: GIL.describingRecursionLimit) { () throws(PythonException) in
            try gil.owned(PyObject_Repr(pointer))
        }
        return PythonText.string(text.pointer)
    }

    /// `str(object)` (`PyObject_Str`), under a recursion limit of at most 1000 (see ``repr()``).
    public func str() throws(PythonException) -> String {
        let text = try gil.withRecursionLimit(atMost: GIL.describingRecursionLimit) { () throws(PythonException) in
            try gil.owned(PyObject_Str(pointer))
        }
        return PythonText.string(text.pointer)
    }

    /// `getattr(object, name)` (`PyObject_GetAttrString`).
    public func attribute(_ name: String) throws(PythonException) -> PythonObject {
        try gil.owned(PyObject_GetAttrString(pointer, name))
    }

    /// `object(*arguments)` (`PyObject_Call`), arguments converted from Swift.
    public func call(_ arguments: [any ConvertibleToPython] = []) throws(PyEmbedError) -> PythonObject {
        guard let tuple = PyTuple_New(arguments.count) else { throw .exception(gil.fetchException()) }
        let packed = PythonObject(owning: tuple)
        for (index, argument) in arguments.enumerated() {
            let item: PythonObject
            do { item = try argument.pythonObject(gil) } catch { throw .conversion(error.nested(in: "argument \(index)")) }
            pyshim_incref(item.pointer)
            pyshim_tuple_set_item(tuple, index, item.pointer)
        }
        do { return try gil.owned(PyObject_Call(pointer, packed.pointer, nil)) } catch { throw .exception(error) }
    }

    /// The type's name qualified with its module unless it is a builtin
    /// (`int`, `collections.OrderedDict`, `__main__.Widget`, `numpy.ndarray`).
    public var typeName: String {
        let type = UnsafeMutableRawPointer(pyshim_type(pointer)).assumingMemoryBound(to: PyObject.self)
        let typeObject = BorrowedObject(type, gil)
        let name = (try? typeObject.attribute("__qualname__").decode(String.self, gil))
            ?? String(cString: pyshim_type_name(pyshim_type(pointer)))
        let module = try? typeObject.attribute("__module__").decode(String.self, gil)
        PyErr_Clear()
        guard let module, module != "builtins" else { return name }
        return "\(module).\(name)"
    }
}
