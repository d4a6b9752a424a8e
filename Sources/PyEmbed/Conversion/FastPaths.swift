import CPythonShim

/// Concrete (non-generic) conversions for the collections results are made
/// of most often. Generic `Array`/`Dictionary` code called from another module
/// runs unspecialised and pays for type metadata on every element; these loops
/// read the list's item array directly.
enum FastPaths {
    /// `[Element]` read without generic dispatch, or `nil` when `Element` has no fast path.
    static func array<Element>(_ object: BorrowedObject, of type: Element.Type) throws(PythonConversionError) -> [Element]? {
        // The casts are between identical types, checked just before.
        if Element.self == Int.self {
            return unsafeBitCast(try fill(object) { (item) throws(PythonConversionError) in try int(item) }, to: [Element].self)
        }
        if Element.self == Double.self {
            return unsafeBitCast(try fill(object) { (item) throws(PythonConversionError) in try double(item) }, to: [Element].self)
        }
        if Element.self == String.self {
            return unsafeBitCast(try fill(object) { (item) throws(PythonConversionError) in try String(python: item) }, to: [Element].self)
        }
        if Element.self == PythonValue.self {
            return unsafeBitCast(try fill(object) { (item) throws(PythonConversionError) in try PythonValue(python: item) }, to: [Element].self)
        }
        return nil
    }

    /// `[String: Value]` read without generic dispatch, or `nil` when there is no fast path.
    static func dictionary<Key, Value>(_ object: BorrowedObject, of type: [Key: Value].Type) throws(PythonConversionError) -> [Key: Value]? {
        guard Key.self == String.self else { return nil }
        if Value.self == Double.self {
            return unsafeBitCast(try entries(object) { (value) throws(PythonConversionError) in try double(value) }, to: [Key: Value].self)
        }
        if Value.self == Int.self {
            return unsafeBitCast(try entries(object) { (value) throws(PythonConversionError) in try int(value) }, to: [Key: Value].self)
        }
        if Value.self == String.self {
            return unsafeBitCast(try entries(object) { (value) throws(PythonConversionError) in try String(python: value) }, to: [Key: Value].self)
        }
        if Value.self == PythonValue.self {
            return unsafeBitCast(try entries(object) { (value) throws(PythonConversionError) in try PythonValue(python: value) }, to: [Key: Value].self)
        }
        return nil
    }

    private static func int(_ item: BorrowedObject) throws(PythonConversionError) -> Int {
        var value: Int64 = 0
        if pyshim_long_small(item.pointer, &value) != 0 { return Int(value) }
        return try Int(python: item)
    }

    private static func double(_ item: BorrowedObject) throws(PythonConversionError) -> Double {
        if pyshim_is_exact_float(item.pointer) != 0 { return pyshim_float_value(item.pointer) }
        return try Double(python: item)
    }

    private static func fill<T>(
        _ object: BorrowedObject, _ convert: (BorrowedObject) throws(PythonConversionError) -> T
    ) throws(PythonConversionError) -> [T] {
        let count = try object.sequenceCount(expected: "list")
        guard count > 0 else { return [] }
        let isList = pyshim_is_list(object.pointer) != 0
        var failure: PythonConversionError?
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Items are re-read and held at each step: a conversion that runs Python may change the list.
            while initialized < count, let item = object.heldItem(initialized, isList: isList) {
                defer { pyshim_decref(item) }
                do throws(PythonConversionError) {
                    (buffer.baseAddress! + initialized).initialize(to: try convert(BorrowedObject(item, object.gil)))
                    initialized += 1
                } catch {
                    failure = error.nested(in: "[\(initialized)]")
                    return
                }
            }
        }
        if let failure { throw failure }
        return values
    }

    private static func entries<T>(
        _ object: BorrowedObject, _ convert: (BorrowedObject) throws(PythonConversionError) -> T
    ) throws(PythonConversionError) -> [String: T] {
        guard pyshim_is_dict(object.pointer) != 0 else { throw object.mismatch(expected: "dict") }
        var result: [String: T] = [:]
        result.reserveCapacity(PyDict_Size(object.pointer))
        try object.forEachEntry { (key, value) throws(PythonConversionError) in
            guard pyshim_is_str(key.pointer) != 0 else {
                throw key.mismatch(expected: "str").nested(in: "<key \(key.shortRepr)>")
            }
            do throws(PythonConversionError) {
                result[PythonText.string(key.pointer)] = try convert(value)
            } catch {
                throw error.nested(in: "[\(key.shortRepr)]")
            }
        }
        return result
    }
}
