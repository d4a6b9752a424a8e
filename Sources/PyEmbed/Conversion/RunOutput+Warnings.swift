extension RunOutput {
    /// The variable `name` as a ``PythonValue`` in which no single part can
    /// fail the run: a part that cannot be converted becomes
    /// ``PythonValue/object(_:)`` and a ``ConversionWarning`` naming it from
    /// the variable (`results['rec'][2]`) is appended to `warnings`.
    ///
    /// ```swift
    /// var warnings: [ConversionWarning] = []
    /// let results = try output.value("results", warnings: &warnings, gil)
    /// ```
    /// - Throws: ``PyEmbedError/missingVariable(_:)`` when the code did not set
    ///   it, ``PyEmbedError/conversion(_:)`` only when the variable itself cannot be read.
    public func value(_ name: String, warnings: inout [ConversionWarning], _ gil: GIL) throws(PyEmbedError) -> PythonValue {
        guard let object = variable(name, gil) else { throw .missingVariable(name) }
        var found: [ConversionWarning] = []
        let value: PythonValue
        do { value = try PythonValue(python: object, warnings: &found) } catch { throw .conversion(error.nested(in: name)) }
        warnings.append(contentsOf: found.map { warning in
            var located = warning
            located.path = name + warning.path
            return located
        })
        return value
    }
}
