extension DataFrame: ConvertibleToPython {
    /// A pandas `DataFrame` with the same columns and index.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        throw .typeMismatch(expected: "a buildable value", actual: "DataFrame (writer pending)", path: "")
    }
}

extension Series: ConvertibleToPython {
    /// A pandas `Series` with the same values and index.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        throw .typeMismatch(expected: "a buildable value", actual: "Series (writer pending)", path: "")
    }
}

extension DataIndex: ConvertibleToPython {
    /// A pandas `Index` with the same labels.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        throw .typeMismatch(expected: "a buildable value", actual: "DataIndex (writer pending)", path: "")
    }
}
