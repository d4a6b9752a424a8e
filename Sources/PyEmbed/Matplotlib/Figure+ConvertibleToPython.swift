extension Figure: ConvertibleToPython {
    /// Always throws: a figure cannot be rebuilt from its PNG and metadata.
    ///
    /// - Throws: ``PythonConversionError/typeMismatch(expected:actual:path:)``
    ///   explaining that only the rendering was kept; pass the data itself
    ///   (for example a line's `x` and `y`) and plot it again in Python.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        throw .typeMismatch(
            expected: "a value that can be rebuilt in Python",
            actual: "a matplotlib figure, of which only the PNG and axes metadata were kept (pass its data and plot it again)",
            path: "")
    }
}
