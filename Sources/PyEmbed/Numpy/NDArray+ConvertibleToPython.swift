extension NDArray: ConvertibleToPython {
    /// A numpy array with the same dtype, shape and elements.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        throw .typeMismatch(expected: "a buildable value", actual: "NDArray (writer pending)", path: "")
    }
}

extension NumpyTime: ConvertibleToPython {
    /// A `numpy.datetime64` or `numpy.timedelta64` with the same ticks and unit.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        throw .typeMismatch(expected: "a buildable value", actual: "NumpyTime (writer pending)", path: "")
    }
}
