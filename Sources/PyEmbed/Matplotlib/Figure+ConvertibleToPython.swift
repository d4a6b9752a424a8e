extension Figure: ConvertibleToPython {
    /// Figures cannot be rebuilt from their picture and metadata.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        throw .typeMismatch(expected: "a value Python can be given", actual: "a matplotlib figure (only its rendering was kept)", path: "")
    }
}
