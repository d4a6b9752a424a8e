import CPythonShim

extension BorrowedObject {
    /// Runs `body` with this object as a Python `int`: itself, or the result of
    /// `__index__` (numpy integers). `bool` and non-integers are rejected.
    func withInteger<T>(_ body: (UnsafeMutablePointer<PyObject>) throws(PythonConversionError) -> T) throws(PythonConversionError) -> T {
        guard pyshim_is_bool(pointer) == 0 else { throw mismatch(expected: "int") }
        if pyshim_is_int(pointer) != 0 { return try body(pointer) }
        guard PyObject_HasAttrString(pointer, "__index__") != 0, let index = PyNumber_Index(pointer) else {
            PyErr_Clear()
            throw mismatch(expected: "int")
        }
        defer { pyshim_decref(index) }
        return try body(index)
    }
}

extension ConvertibleFromPython where Self: FixedWidthInteger {
    /// Reads a Python `int` (or an object with `__index__`, such as a numpy
    /// integer) that fits this type exactly; anything larger is an
    /// ``PythonConversionError/outOfRange(value:target:path:)`` error, never truncated.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        self = try object.withInteger { (integer) throws(PythonConversionError) -> Self in
            var overflow: Int32 = 0
            let signed = pyshim_long_as_int64(integer, &overflow)
            if overflow == 0, let value = Self(exactly: signed) { return value }
            if overflow > 0, !Self.isSigned {
                let unsigned = PyLong_AsUnsignedLongLong(integer)
                if PyErr_Occurred() == nil, let value = Self(exactly: unsigned) { return value }
                PyErr_Clear()
            }
            let exact = PythonInteger.read(integer, object.gil)
            throw .outOfRange(value: exact.description, target: String(describing: Self.self), path: "")
        }
    }
}

extension ConvertibleToPython where Self: FixedWidthInteger {
    /// A Python `int` of the same value.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        let pointer = Self.isSigned ? PyLong_FromLongLong(Int64(self)) : PyLong_FromUnsignedLongLong(UInt64(self))
        guard let pointer else { throw .pending(gil) }
        return PythonObject(owning: pointer)
    }
}

extension Int: ConvertibleFromPython, ConvertibleToPython {}
extension Int8: ConvertibleFromPython, ConvertibleToPython {}
extension Int16: ConvertibleFromPython, ConvertibleToPython {}
extension Int32: ConvertibleFromPython, ConvertibleToPython {}
extension Int64: ConvertibleFromPython, ConvertibleToPython {}
extension UInt: ConvertibleFromPython, ConvertibleToPython {}
extension UInt8: ConvertibleFromPython, ConvertibleToPython {}
extension UInt16: ConvertibleFromPython, ConvertibleToPython {}
extension UInt32: ConvertibleFromPython, ConvertibleToPython {}
extension UInt64: ConvertibleFromPython, ConvertibleToPython {}

extension PythonInteger: ConvertibleFromPython, ConvertibleToPython {
    /// Reads a Python `int` of any size exactly.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        self = try object.withInteger { integer in PythonInteger.read(integer, object.gil) }
    }

    /// A Python `int` of the same value.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        if let small = intValue { return try small.pythonObject(gil) }
        let pointer = twosComplementBytes.withUnsafeBufferPointer { pyshim_long_from_bytes($0.baseAddress, $0.count) }
        guard let pointer else { throw .pending(gil) }
        return PythonObject(owning: pointer)
    }

    /// Reads an object known to be a Python `int`.
    static func read(_ integer: UnsafeMutablePointer<PyObject>, _ gil: GIL) -> PythonInteger {
        var overflow: Int32 = 0
        let small = pyshim_long_as_int64(integer, &overflow)
        if overflow == 0 { return PythonInteger(Int(small)) }
        let count = max(pyshim_long_byte_count(integer), 9)
        var bytes = [UInt8](repeating: 0, count: count)
        _ = bytes.withUnsafeMutableBufferPointer { pyshim_long_as_bytes(integer, $0.baseAddress, count) }
        return PythonInteger(twosComplement: bytes)
    }
}
