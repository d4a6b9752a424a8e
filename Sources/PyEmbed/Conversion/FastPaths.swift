import CPythonShim

/// Concrete (non-generic) conversions for the collections results are made
/// of most often. Generic `Array`/`Dictionary` code called from another module
/// runs unspecialised and pays for type metadata on every element; these loops
/// read the list's item array directly.
enum FastPaths {
    /// `[Element]` read without generic dispatch, or `nil` when `Element` has no fast path.
    static func array<Element>(_ object: BorrowedObject, of type: Element.Type) throws(PythonConversionError) -> [Element]? {
        if Element.self == Int.self { return try fill(object) { (item) throws(PythonConversionError) in try int(item) } as? [Element] }
        if Element.self == Double.self { return try fill(object) { (item) throws(PythonConversionError) in try double(item) } as? [Element] }
        if Element.self == String.self { return try fill(object) { (item) throws(PythonConversionError) in try String(python: item) } as? [Element] }
        if Element.self == PythonValue.self { return try fill(object) { (item) throws(PythonConversionError) in try PythonValue(python: item) } as? [Element] }
        return nil
    }

    /// `[String: Value]` read without generic dispatch, or `nil` when there is no fast path.
    static func dictionary<Key, Value>(_ object: BorrowedObject, of type: [Key: Value].Type) throws(PythonConversionError) -> [Key: Value]? {
        guard Key.self == String.self else { return nil }
        if Value.self == Double.self { return try entries(object) { (value) throws(PythonConversionError) in try double(value) } as? [Key: Value] }
        if Value.self == Int.self { return try entries(object) { (value) throws(PythonConversionError) in try int(value) } as? [Key: Value] }
        if Value.self == String.self { return try entries(object) { (value) throws(PythonConversionError) in try String(python: value) } as? [Key: Value] }
        if Value.self == PythonValue.self { return try entries(object) { (value) throws(PythonConversionError) in try PythonValue(python: value) } as? [Key: Value] }
        return nil
    }

    private static func int(_ item: BorrowedObject) throws(PythonConversionError) -> Int {
        if pyshim_is_exact_int(item.pointer) != 0 {
            var overflow: Int32 = 0
            let value = pyshim_long_as_int64(item.pointer, &overflow)
            if overflow == 0 { return Int(value) }
        }
        return try Int(python: item)
    }

    private static func double(_ item: BorrowedObject) throws(PythonConversionError) -> Double {
        if pyshim_is_exact_float(item.pointer) != 0 { return pyshim_float_value(item.pointer) }
        return try Double(python: item)
    }

    private static func fill<T>(
        _ object: BorrowedObject, _ convert: (BorrowedObject) throws(PythonConversionError) -> T
    ) throws(PythonConversionError) -> [T] {
        let (count, _) = try object.sequenceAccess(expected: "list")
        guard count > 0 else { return [] }
        let items = pyshim_sequence_items(object.pointer)!
        var values: [T] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            do throws(PythonConversionError) {
                values.append(try convert(BorrowedObject(items[index]!, object.gil)))
            } catch {
                throw error.nested(in: "[\(index)]")
            }
        }
        return values
    }

    private static func entries<T>(
        _ object: BorrowedObject, _ convert: (BorrowedObject) throws(PythonConversionError) -> T
    ) throws(PythonConversionError) -> [String: T] {
        guard pyshim_is_dict(object.pointer) != 0 else { throw object.mismatch(expected: "dict") }
        var result: [String: T] = [:]
        result.reserveCapacity(PyDict_Size(object.pointer))
        var position = 0
        var key: UnsafeMutablePointer<PyObject>?
        var value: UnsafeMutablePointer<PyObject>?
        while PyDict_Next(object.pointer, &position, &key, &value) != 0 {
            let keyObject = BorrowedObject(key!, object.gil)
            guard pyshim_is_str(key!) != 0 else {
                throw keyObject.mismatch(expected: "str").nested(in: "<key \(keyObject.shortRepr)>")
            }
            let text = PythonText.string(key!)
            do throws(PythonConversionError) {
                result[text] = try convert(BorrowedObject(value!, object.gil))
            } catch {
                throw error.nested(in: "[\(keyObject.shortRepr)]")
            }
        }
        return result
    }
}
