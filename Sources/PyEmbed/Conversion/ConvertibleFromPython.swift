/// A Swift type that can be read from a Python object. (PyO3's `FromPyObject`.)
///
/// Conforming types: `Bool`, the integer types, `Double`, `Float`, `String`,
/// `Array`, `Dictionary`,
/// `Set`, `Optional`, ``PythonValue``, ``PythonInteger`` and ``PythonObject``.
/// Tuples of known arity are read with ``BorrowedObject/decodeTuple(_:)``.
public protocol ConvertibleFromPython {
    /// Reads `object`, or throws naming the Python type it expected and found.
    init(python object: BorrowedObject) throws(PythonConversionError)
}

/// A Swift value that can be turned into a Python object. (PyO3's `IntoPyObject`.)
public protocol ConvertibleToPython {
    /// A new Python object holding this value.
    func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject
}

extension BorrowedObject {
    /// Reads this object as `type`.
    ///
    /// ```swift
    /// let scores = try namespace["scores"].decode([String: Double].self)
    /// ```
    public func decode<T: ConvertibleFromPython>(_ type: T.Type = T.self) throws(PythonConversionError) -> T {
        try T(python: self)
    }

    /// The error for a Python object that is not of the `expected` type.
    func mismatch(expected: String) -> PythonConversionError {
        .typeMismatch(expected: expected, actual: typeName, path: "")
    }
}

extension PythonObject {
    /// Reads the object as `type`; needs the GIL.
    public func decode<T: ConvertibleFromPython>(_ type: T.Type = T.self, _ gil: GIL) throws(PythonConversionError) -> T {
        try T(python: borrow(gil))
    }
}

extension PythonConversionError {
    /// The same error, located one step further out: `[3]` or `['key']`.
    func nested(in component: String) -> PythonConversionError {
        switch self {
        case let .typeMismatch(expected, actual, path): return .typeMismatch(expected: expected, actual: actual, path: component + path)
        case let .outOfRange(value, target, path): return .outOfRange(value: value, target: target, path: component + path)
        case let .wrongCount(expected, actual, path): return .wrongCount(expected: expected, actual: actual, path: component + path)
        case let .cycle(path): return .cycle(path: component + path)
        case let .tooDeep(limit, path): return .tooDeep(limit: limit, path: component + path)
        case let .python(exception, path): return .python(exception, path: component + path)
        }
    }

    /// Wraps the pending Python exception.
    static func pending(_ gil: GIL) -> PythonConversionError {
        .python(gil.fetchException(), path: "")
    }
}
