import CPythonShim

/// A new (owned) reference, before it is wrapped or stolen by a container.
typealias NewReference = UnsafeMutablePointer<PyObject>

/// Swift → Python without generic dispatch and without a `PythonObject` per
/// element: items are created as new references and stolen by their list or
/// tuple (the writing side of ``FastPaths``).
extension FastPaths {
    /// `array` as a Python `list`, or `nil` when `Element` has no fast path.
    static func list<Element>(_ array: [Element], _ gil: GIL) throws(PythonConversionError) -> PythonObject? {
        // The casts are between identical types, checked just before.
        if Element.self == Double.self {
            return try list(unsafeBitCast(array, to: [Double].self), gil) { (value) throws(PythonConversionError) in PyFloat_FromDouble(value) }
        }
        if Element.self == Int.self {
            return try list(unsafeBitCast(array, to: [Int].self), gil) { (value) throws(PythonConversionError) in PyLong_FromLong(value) }
        }
        if Element.self == String.self {
            return try list(unsafeBitCast(array, to: [String].self), gil) { (value) throws(PythonConversionError) in newString(value) }
        }
        if Element.self == PythonValue.self {
            return try list(unsafeBitCast(array, to: [PythonValue].self), gil) { (value) throws(PythonConversionError) in try newReference(value, gil) }
        }
        return nil
    }

    /// `dictionary` as a Python `dict`, or `nil` when there is no fast path
    /// (keys other than `String`, values other than `Double`, `Int`, `String`, `PythonValue`).
    static func dictionary<Key, Value>(_ dictionary: [Key: Value], _ gil: GIL) throws(PythonConversionError) -> PythonObject? {
        guard Key.self == String.self else { return nil }
        if Value.self == Double.self {
            return try dict(unsafeBitCast(dictionary, to: [String: Double].self), gil) { (value) throws(PythonConversionError) in PyFloat_FromDouble(value) }
        }
        if Value.self == Int.self {
            return try dict(unsafeBitCast(dictionary, to: [String: Int].self), gil) { (value) throws(PythonConversionError) in PyLong_FromLong(value) }
        }
        if Value.self == String.self {
            return try dict(unsafeBitCast(dictionary, to: [String: String].self), gil) { (value) throws(PythonConversionError) in newString(value) }
        }
        if Value.self == PythonValue.self {
            return try dict(unsafeBitCast(dictionary, to: [String: PythonValue].self), gil) { (value) throws(PythonConversionError) in
                try newReference(value, gil)
            }
        }
        return nil
    }

    /// A new reference to the Python object `value` describes: builtin scalars
    /// and containers directly, everything else through ``PythonValue/pythonObject(_:)``.
    static func newReference(_ value: PythonValue, _ gil: GIL) throws(PythonConversionError) -> NewReference {
        let made: NewReference?
        switch value {
        case .none: made = pyshim_none(); pyshim_incref(made!)
        case let .bool(flag): made = flag ? pyshim_true() : pyshim_false(); pyshim_incref(made!)
        case let .float(number): made = PyFloat_FromDouble(number)
        case let .string(text): made = newString(text)
        case let .int(integer) where integer.intValue != nil: made = PyLong_FromLong(integer.intValue!)
        case let .list(items): return try owned(list(items, gil, { (item) throws(PythonConversionError) in try newReference(item, gil) }))
        case let .tuple(items): return try tuple(items, gil)
        case let .dict(dictionary): return try dict(dictionary, gil)
        default: return try owned(value.pythonObject(gil))
        }
        guard let made else { throw .pending(gil) }
        return made
    }

    private static func newString(_ text: String) -> NewReference? {
        var text = text
        return text.withUTF8 { utf8 in
            PyUnicode_FromStringAndSize(UnsafeRawPointer(utf8.baseAddress)?.assumingMemoryBound(to: CChar.self), utf8.count)
        }
    }

    /// A new reference taken from a wrapped one.
    private static func owned(_ object: PythonObject) -> NewReference {
        let pointer = object.pointer
        pyshim_incref(pointer)
        return pointer
    }

    private static func list<T>(
        _ values: [T], _ gil: GIL, _ make: (T) throws(PythonConversionError) -> NewReference?
    ) throws(PythonConversionError) -> PythonObject {
        guard let list = PyList_New(values.count) else { throw .pending(gil) }
        let result = PythonObject(owning: list)  // releases what was filled in if a later item fails
        var index = 0
        for value in values {
            let item: NewReference?
            do throws(PythonConversionError) { item = try make(value) } catch { throw error.nested(in: "[\(index)]") }
            guard let item else { throw PythonConversionError.pending(gil).nested(in: "[\(index)]") }
            pyshim_list_set_item(list, index, item)
            index += 1
        }
        return result
    }

    private static func tuple(_ items: [PythonValue], _ gil: GIL) throws(PythonConversionError) -> NewReference {
        guard let tuple = PyTuple_New(items.count) else { throw .pending(gil) }
        let result = PythonObject(owning: tuple)
        for (index, item) in items.enumerated() {
            let made: NewReference
            do throws(PythonConversionError) { made = try newReference(item, gil) } catch { throw error.nested(in: "[\(index)]") }
            pyshim_tuple_set_item(tuple, index, made)
        }
        return owned(result)
    }

    private static func dict(_ dictionary: PythonDictionary, _ gil: GIL) throws(PythonConversionError) -> NewReference {
        guard let dict = PyDict_New() else { throw .pending(gil) }
        let result = PythonObject(owning: dict)
        for (index, entry) in dictionary.entries.enumerated() {
            let key: NewReference, value: NewReference
            do throws(PythonConversionError) {
                key = try newReference(entry.key, gil)
                do throws(PythonConversionError) { value = try newReference(entry.value, gil) } catch {
                    pyshim_decref(key)
                    throw error
                }
            } catch { throw error.nested(in: "<entry \(index)>") }
            let status = PyDict_SetItem(dict, key, value)
            pyshim_decref(key)
            pyshim_decref(value)
            guard status == 0 else { throw PythonConversionError.pending(gil).nested(in: "<entry \(index)>") }
        }
        return owned(result)
    }

    private static func dict<T>(
        _ dictionary: [String: T], _ gil: GIL, _ make: (T) throws(PythonConversionError) -> NewReference?
    ) throws(PythonConversionError) -> PythonObject {
        guard let dict = PyDict_New() else { throw .pending(gil) }
        let result = PythonObject(owning: dict)
        for (key, value) in dictionary {
            guard let pythonKey = newString(key) else { throw PythonConversionError.pending(gil).nested(in: "<key \(key.debugDescription)>") }
            let item: NewReference?
            do throws(PythonConversionError) { item = try make(value) } catch {
                pyshim_decref(pythonKey)
                throw error.nested(in: "[\(key.debugDescription)]")
            }
            guard let item else {
                pyshim_decref(pythonKey)
                throw PythonConversionError.pending(gil).nested(in: "[\(key.debugDescription)]")
            }
            let status = PyDict_SetItem(dict, pythonKey, item)
            pyshim_decref(pythonKey)
            pyshim_decref(item)
            guard status == 0 else { throw PythonConversionError.pending(gil) }
        }
        return result
    }
}
