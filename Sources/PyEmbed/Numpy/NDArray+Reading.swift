extension NDArray {
    /// Copies a numpy array into Swift storage.
    static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> NDArray {
        throw .typeMismatch(expected: "a supported value", actual: "numpy.ndarray (reader pending)", path: "")
    }

    /// Converts a numpy scalar into the matching Swift scalar value.
    static func readScalar(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> PythonValue {
        throw .typeMismatch(expected: "a supported value", actual: "numpy scalar (reader pending)", path: "")
    }
}
