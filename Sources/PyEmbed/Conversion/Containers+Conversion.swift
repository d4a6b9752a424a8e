import CPythonShim

extension BorrowedObject {
    /// Calls `body` with each item of a `list` or `tuple`, after checking the type.
    ///
    /// Errors thrown by `body` are located at the item's index.
    func forEachItem(
        expected: String, _ body: (Int, BorrowedObject) throws(PythonConversionError) -> Void
    ) throws(PythonConversionError) {
        let (count, item) = try sequenceAccess(expected: expected)
        for index in 0..<count {
            do throws(PythonConversionError) { try body(index, BorrowedObject(item(pointer, index)!, gil)) } catch { throw error.nested(in: "[\(index)]") }
        }
    }

    /// The size and unchecked item reader of a `list` or `tuple`.
    func sequenceAccess(expected: String) throws(PythonConversionError) -> (Int, (UnsafeMutablePointer<PyObject>?, Int) -> UnsafeMutablePointer<PyObject>?) {
        if pyshim_is_list(pointer) != 0 { return (pyshim_list_size(pointer), pyshim_list_get_item) }
        if pyshim_is_tuple(pointer) != 0 { return (pyshim_tuple_size(pointer), pyshim_tuple_get_item) }
        throw mismatch(expected: expected)
    }

    /// Reads a `tuple` (or `list`) of exactly as many items as `types` names.
    ///
    /// ```swift
    /// let (name, count) = try object.decodeTuple(String.self, Int.self)
    /// ```
    public func decodeTuple<each T: ConvertibleFromPython>(
        _ types: repeat (each T).Type
    ) throws(PythonConversionError) -> (repeat each T) {
        var expected = 0
        for _ in repeat each types { expected += 1 }
        let (count, item) = try sequenceAccess(expected: "tuple")
        guard count == expected else { throw .wrongCount(expected: expected, actual: count, path: "") }
        var index = 0
        func next<U: ConvertibleFromPython>(_ type: U.Type) throws(PythonConversionError) -> U {
            defer { index += 1 }
            do throws(PythonConversionError) { return try U(python: BorrowedObject(item(pointer, index)!, gil)) } catch { throw error.nested(in: "[\(index)]") }
        }
        return (repeat try next((each T).self))
    }
}

extension Array: ConvertibleFromPython where Element: ConvertibleFromPython {
    /// Reads a Python `list` or `tuple`, converting every item.
    ///
    /// - Complexity: O(*n*) item conversions.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        if let fast = try FastPaths.array(object, of: Element.self) {
            self = fast
            return
        }
        let (count, _) = try object.sequenceAccess(expected: "list")
        var items: [Element] = []
        items.reserveCapacity(count)
        try object.forEachItem(expected: "list") { (_, item) throws(PythonConversionError) in
            items.append(try Element(python: item))
        }
        self = items
    }
}

extension Array: ConvertibleToPython where Element: ConvertibleToPython {
    /// A Python `list` of the converted elements.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        guard let list = PyList_New(count) else { throw .pending(gil) }
        let result = PythonObject(owning: list)
        for (index, element) in enumerated() {
            let item: PythonObject
            do throws(PythonConversionError) { item = try element.pythonObject(gil) } catch { throw error.nested(in: "[\(index)]") }
            pyshim_incref(item.pointer)
            pyshim_list_set_item(list, index, item.pointer)
        }
        return result
    }
}

extension Dictionary: ConvertibleFromPython where Key: ConvertibleFromPython, Value: ConvertibleFromPython {
    /// Reads a Python `dict` (or subclass), converting every key and value.
    ///
    /// - Complexity: O(*n*) conversions.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        if let fast = try FastPaths.dictionary(object, of: [Key: Value].self) {
            self = fast
            return
        }
        guard pyshim_is_dict(object.pointer) != 0 else { throw object.mismatch(expected: "dict") }
        var result: [Key: Value] = [:]
        result.reserveCapacity(PyDict_Size(object.pointer))
        try object.forEachEntry { (key, value) throws(PythonConversionError) in
            let swiftKey: Key
            do throws(PythonConversionError) { swiftKey = try Key(python: key) } catch { throw error.nested(in: "<key \(key.shortRepr)>") }
            do throws(PythonConversionError) { result[swiftKey] = try Value(python: value) } catch { throw error.nested(in: "[\(key.shortRepr)]") }
        }
        self = result
    }
}

extension BorrowedObject {
    /// Calls `body` with each key and value of a `dict`, in insertion order (`PyDict_Next`).
    func forEachEntry(_ body: (BorrowedObject, BorrowedObject) throws(PythonConversionError) -> Void) throws(PythonConversionError) {
        var position = 0
        var key: UnsafeMutablePointer<PyObject>?
        var value: UnsafeMutablePointer<PyObject>?
        while PyDict_Next(pointer, &position, &key, &value) != 0 {
            try body(BorrowedObject(key!, gil), BorrowedObject(value!, gil))
        }
    }

    /// `repr(self)` cut to 40 characters, for error paths.
    var shortRepr: String {
        let text = (try? repr()) ?? "<\(typeName)>"
        return text.count > 40 ? String(text.prefix(37)) + "..." : text
    }
}

extension Dictionary: ConvertibleToPython where Key: ConvertibleToPython, Value: ConvertibleToPython {
    /// A Python `dict` of the converted pairs.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        guard let dict = PyDict_New() else { throw .pending(gil) }
        let result = PythonObject(owning: dict)
        for (key, value) in self {
            let pythonKey = try key.pythonObject(gil)
            let pythonValue = try value.pythonObject(gil)
            guard PyDict_SetItem(dict, pythonKey.pointer, pythonValue.pointer) == 0 else { throw .pending(gil) }
        }
        return result
    }
}

extension Set: ConvertibleFromPython where Element: ConvertibleFromPython {
    /// Reads a Python `set` or `frozenset`, converting every element.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        guard pyshim_is_anyset(object.pointer) != 0 else { throw object.mismatch(expected: "set") }
        var result = Set<Element>()
        try object.forEachIterated { (item) throws(PythonConversionError) in result.insert(try Element(python: item)) }
        self = result
    }
}

extension Set: ConvertibleToPython where Element: ConvertibleToPython {
    /// A Python `set` of the converted elements.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        let list = try Array(self).pythonObject(gil)
        guard let set = PySet_New(list.pointer) else { throw .pending(gil) }
        return PythonObject(owning: set)
    }
}

extension BorrowedObject {
    /// Calls `body` with each item that iterating the object yields (`PyObject_GetIter`).
    func forEachIterated(_ body: (BorrowedObject) throws(PythonConversionError) -> Void) throws(PythonConversionError) {
        guard let iterator = PyObject_GetIter(pointer) else { throw .pending(gil) }
        defer { pyshim_decref(iterator) }
        while let item = PyIter_Next(iterator) {
            defer { pyshim_decref(item) }
            try body(BorrowedObject(item, gil))
        }
        if PyErr_Occurred() != nil { throw .pending(gil) }
    }
}

extension Optional: ConvertibleFromPython where Wrapped: ConvertibleFromPython {
    /// `None` becomes `nil`; anything else is read as `Wrapped`.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        self = object.isNone ? nil : try Wrapped(python: object)
    }
}

extension Optional: ConvertibleToPython where Wrapped: ConvertibleToPython {
    /// `None` for `nil`, else the wrapped value converted.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        guard let self else { return PythonObject(retaining: pyshim_none(), gil) }
        return try self.pythonObject(gil)
    }
}

extension PythonObject: ConvertibleFromPython, ConvertibleToPython {
    /// Keeps a strong reference to the object itself, unconverted.
    public convenience init(python object: BorrowedObject) throws(PythonConversionError) {
        self.init(retaining: object.pointer, object.gil)
    }

    /// The object itself.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject { self }
}
