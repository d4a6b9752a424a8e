import CPythonShim

extension Bool: ConvertibleFromPython, ConvertibleToPython {
    /// Reads a Python `bool` (or `numpy.bool_`); other types are rejected, not
    /// tested for truth.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        if pyshim_is_bool(object.pointer) != 0 {
            self = object.pointer == pyshim_true()
        } else if object.typeName == "numpy.bool_" || object.typeName == "numpy.bool" {
            let truth = PyObject_IsTrue(object.pointer)
            guard truth >= 0 else { throw .pending(object.gil) }
            self = truth == 1
        } else {
            throw object.mismatch(expected: "bool")
        }
    }

    /// `True` or `False`.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        PythonObject(retaining: self ? pyshim_true() : pyshim_false(), gil)
    }
}

extension Double: ConvertibleFromPython, ConvertibleToPython {
    /// Reads a Python `float` (NaN and infinities kept), an `int` (rounded to
    /// the nearest `Double`; one beyond its range is an error), or an object
    /// with `__float__` (numpy floats).
    /// `bool` is rejected.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        let pointer = object.pointer
        if pyshim_is_float(pointer) != 0 {
            self = pyshim_float_value(pointer)
            return
        }
        guard pyshim_is_bool(pointer) == 0,
              pyshim_is_int(pointer) != 0 || PyObject_HasAttrString(pointer, "__float__") != 0 else {
            throw object.mismatch(expected: "float")
        }
        let value = PyFloat_AsDouble(pointer)
        if value == -1, PyErr_Occurred() != nil {
            let exception = object.gil.fetchException()
            if exception.typeName == "OverflowError" {
                throw .outOfRange(value: (try? object.decode(PythonInteger.self).description) ?? "int", target: "Double", path: "")
            }
            throw .python(exception, path: "")
        }
        self = value
    }

    /// A Python `float`.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        guard let float = PyFloat_FromDouble(self) else { throw .pending(gil) }
        return PythonObject(owning: float)
    }
}

extension Float: ConvertibleFromPython, ConvertibleToPython {
    /// Reads like `Double`, then rounds to the nearest `Float`.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        self = Float(try Double(python: object))
    }

    /// A Python `float`.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try Double(self).pythonObject(gil)
    }
}

extension String: ConvertibleFromPython, ConvertibleToPython {
    /// Reads a Python `str`. Lone surrogates, which no Swift string can hold,
    /// become U+FFFD.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        guard pyshim_is_str(object.pointer) != 0 else { throw object.mismatch(expected: "str") }
        self = PythonText.string(object.pointer)
    }

    /// A Python `str`.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        var text = self
        let pointer = text.withUTF8 { utf8 in
            PyUnicode_FromStringAndSize(UnsafeRawPointer(utf8.baseAddress)?.assumingMemoryBound(to: CChar.self), utf8.count)
        }
        guard let pointer else { throw .pending(gil) }
        return PythonObject(owning: pointer)
    }
}

/// Reading Python `str` objects as Swift strings.
enum PythonText {
    /// The text of a `str` object (which must be one).
    ///
    /// - Complexity: O(*n*); the UTF-8 form is cached by Python after the first read.
    static func string(_ pointer: UnsafeMutablePointer<PyObject>) -> String {
        var size = 0
        if let utf8 = PyUnicode_AsUTF8AndSize(pointer, &size) {
            return String(decoding: UnsafeRawBufferPointer(start: utf8, count: size), as: UTF8.self)
        }
        // Lone surrogates: keep them as encoded bytes, which Swift's decoder replaces.
        PyErr_Clear()
        guard let encoded = pyshim_unicode_as_utf8_surrogatepass(pointer) else {
            PyErr_Clear()
            return "\u{FFFD}"
        }
        defer { pyshim_decref(encoded) }
        return String(
            decoding: UnsafeRawBufferPointer(start: pyshim_bytes_data(encoded), count: PyBytes_Size(encoded)),
            as: UTF8.self)
    }
}
