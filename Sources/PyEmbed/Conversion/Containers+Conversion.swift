import CPythonShim

extension BorrowedObject {
    /// Calls `body` with each item of a `list` or `tuple`, after checking the type.
    ///
    /// Errors thrown by `body` are located at the item's index.
    func forEachItem(
        expected: String, _ body: (Int, BorrowedObject) throws(PythonConversionError) -> Void
    ) throws(PythonConversionError) {
        try forEachHeldItem(expected: expected) { (index, item) throws(PythonConversionError) in
            do throws(PythonConversionError) { try body(index, item) } catch { throw error.nested(in: "[\(index)]") }
        }
    }

    /// Calls `body` with each item of a `list` or `tuple`, leaving error paths to `body`.
    ///
    /// Each item is held (a new reference) while `body` runs, and a list's size
    /// and items are read afresh at every step, so `body` may run Python code
    /// that changes the list: the walk stops where the list now ends.
    func forEachHeldItem(
        expected: String, _ body: (Int, BorrowedObject) throws(PythonConversionError) -> Void
    ) throws(PythonConversionError) {
        let isList = pyshim_is_list(pointer) != 0
        guard isList || pyshim_is_tuple(pointer) != 0 else { throw mismatch(expected: expected) }
        var index = 0
        while let item = heldItem(index, isList: isList) {
            defer { pyshim_decref(item) }
            try body(index, BorrowedObject(item, gil))
            index += 1
        }
    }

    /// The item at `index` of this list or tuple as a new reference, or `nil` past its current end.
    func heldItem(_ index: Int, isList: Bool) -> UnsafeMutablePointer<PyObject>? {
        let size = isList ? pyshim_list_size(pointer) : pyshim_tuple_size(pointer)
        guard index < size, let item = isList ? pyshim_list_get_item(pointer, index) : pyshim_tuple_get_item(pointer, index) else {
            return nil
        }
        pyshim_incref(item)
        return item
    }

    /// The current number of items of a `list` or `tuple`.
    func sequenceCount(expected: String) throws(PythonConversionError) -> Int {
        if pyshim_is_list(pointer) != 0 { return pyshim_list_size(pointer) }
        if pyshim_is_tuple(pointer) != 0 { return pyshim_tuple_size(pointer) }
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
        let count = try sequenceCount(expected: "tuple")
        guard count == expected else { throw .wrongCount(expected: expected, actual: count, path: "") }
        let isList = pyshim_is_list(pointer) != 0
        var index = 0
        func next<U: ConvertibleFromPython>(_ type: U.Type) throws(PythonConversionError) -> U {
            defer { index += 1 }
            guard let item = heldItem(index, isList: isList) else { throw .wrongCount(expected: expected, actual: index, path: "") }
            defer { pyshim_decref(item) }
            do throws(PythonConversionError) { return try U(python: BorrowedObject(item, gil)) } catch { throw error.nested(in: "[\(index)]") }
        }
        return (repeat try next((each T).self))
    }
}

extension Array: ConvertibleFromPython where Element: ConvertibleFromPython {
    /// Reads a Python `list` or `tuple`, converting every item.
    ///
    /// numpy arrays and masked arrays are read through their `tolist()`
    /// (masked elements are `None`, so read them as `[Double?]`).
    /// - Complexity: O(*n*) item conversions.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        if let listed = try object.numpyItems() {
            self = try Array(python: listed.borrow(object.gil))
            return
        }
        if let fast = try FastPaths.array(object, of: Element.self) {
            self = fast
            return
        }
        var items: [Element] = []
        items.reserveCapacity(try object.sequenceCount(expected: "list"))
        try object.forEachItem(expected: "list") { (_, item) throws(PythonConversionError) in
            items.append(try Element(python: item))
        }
        self = items
    }
}

extension BorrowedObject {
    /// For a numpy array or masked array, its `tolist()` (`None` where masked),
    /// so that `[Double]`, `[Double?]` and `[[Int]]` can be read from arrays;
    /// `nil` for lists, tuples and anything else.
    func numpyItems() throws(PythonConversionError) -> PythonObject? {
        guard pyshim_is_list(pointer) == 0, pyshim_is_tuple(pointer) == 0 else { return nil }
        let kind = try ObjectKind.of(self)
        guard kind == .ndarray || kind == .maskedArray else { return nil }
        return try NumpyHelpers.module.call("listed", [owned()], gil)
    }
}

extension Array: ConvertibleToPython where Element: ConvertibleToPython {
    /// A Python `list` of the converted elements.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        if let fast = try FastPaths.list(self, gil) { return fast }
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
        while PyDict_Next(pointer, &position, &key, &value) != 0, let key, let value {
            // Held while `body` runs: it may run Python that removes the entry.
            pyshim_incref(key)
            pyshim_incref(value)
            defer {
                pyshim_decref(key)
                pyshim_decref(value)
            }
            try body(BorrowedObject(key, gil), BorrowedObject(value, gil))
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
        if let fast = try FastPaths.dictionary(self, gil) { return fast }
        guard let dict = PyDict_New() else { throw .pending(gil) }
        let result = PythonObject(owning: dict)
        for (key, value) in self {
            let pythonKey = try key.pythonObject(gil)
            let pythonValue = try value.pythonObject(gil)
            let status = withExtendedLifetime((pythonKey, pythonValue)) { PyDict_SetItem(dict, pythonKey.pointer, pythonValue.pointer) }
            guard status == 0 else { throw .pending(gil) }
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
        guard let set = withExtendedLifetime(list, { PySet_New(list.pointer) }) else { throw .pending(gil) }
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
