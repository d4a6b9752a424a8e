import CPythonShim

/// A Python `dict` whose contents PyEmbed can put back: the builtins, the
/// environment, the namespaces of its own Python.
///
/// The known contents are kept as a tuple of items (immutable, so code that
/// finds it through `gc` cannot edit it) together with the dictionary's version
/// tag, so checking whether anything changed costs one comparison. Use it only
/// with the GIL held; the GIL guards its fields.
final class GuardedDictionary: @unchecked Sendable {
    /// The guarded dictionary.
    let dictionary: PythonObject
    private var items: PythonObject
    private var keys: PythonObject
    private var version: UInt64
    private let changed: (_ key: BorrowedObject, _ value: BorrowedObject?) -> Void

    /// Guards `dictionary` with its current contents as the known ones.
    /// `changed` is told each key that ``restore(_:)`` puts back (with its
    /// value) or removes (`nil`).
    init(_ dictionary: PythonObject, _ gil: GIL, changed: @escaping (BorrowedObject, BorrowedObject?) -> Void = { _, _ in }) throws(PythonException) {
        self.dictionary = dictionary
        self.changed = changed
        (items, keys) = try Self.snapshot(dictionary, gil)
        version = pyshim_dict_version(dictionary.pointer)
    }

    /// Takes the current contents as the known ones if they changed since the
    /// last look (changes made outside runs are accepted).
    func accept(_ gil: GIL) {
        let current = pyshim_dict_version(dictionary.pointer)
        guard current != version, let (items, keys) = try? Self.snapshot(dictionary, gil) else { return }
        (self.items, self.keys, version) = (items, keys, current)
    }

    /// Puts back the known contents if anything changed; returns whether it did.
    @discardableResult
    func restore(_ gil: GIL) -> Bool {
        guard pyshim_dict_version(dictionary.pointer) != version else { return false }
        var restored = false
        let target = dictionary.pointer
        for index in 0..<pyshim_tuple_size(items.pointer) {
            let item = pyshim_tuple_get_item(items.pointer, index)!
            let key = pyshim_tuple_get_item(item, 0)!, value = pyshim_tuple_get_item(item, 1)!
            if PyDict_GetItemWithError(target, key) != value {
                if PyDict_SetItem(target, key, value) != 0 { PyErr_Clear() }
                changed(BorrowedObject(key, gil), BorrowedObject(value, gil))
                restored = true
            }
        }
        PyErr_Clear()
        if PyDict_Size(target) != pyshim_tuple_size(items.pointer) {
            for key in extraKeys(gil) {
                if PyDict_DelItem(target, key.pointer) != 0 { PyErr_Clear() }
                changed(key.borrow(gil), nil)
                restored = true
            }
        }
        version = pyshim_dict_version(target)
        return restored
    }

    /// The keys the dictionary has that the known contents do not.
    private func extraKeys(_ gil: GIL) -> [PythonObject] {
        var position = 0
        var key: UnsafeMutablePointer<PyObject>?, value: UnsafeMutablePointer<PyObject>?
        var extra: [PythonObject] = []
        while PyDict_Next(dictionary.pointer, &position, &key, &value) != 0 {
            if let key, PySet_Contains(keys.pointer, key) != 1 { extra.append(PythonObject(retaining: key, gil)) }
        }
        PyErr_Clear()
        return extra
    }

    private static func snapshot(_ dictionary: PythonObject, _ gil: GIL) throws(PythonException) -> (PythonObject, PythonObject) {
        let list = try gil.owned(PyDict_Items(dictionary.pointer))
        let items = try gil.owned(withExtendedLifetime(list) { PyList_AsTuple(list.pointer) })
        let keys = try gil.owned(PyFrozenSet_New(dictionary.pointer))
        return (items, keys)
    }
}
