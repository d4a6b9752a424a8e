extension DataFrame {
    /// Reads a pandas `DataFrame` column by column.
    static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> DataFrame {
        throw .typeMismatch(expected: "a supported value", actual: "pandas.DataFrame (reader pending)", path: "")
    }
}

extension Series {
    /// Reads a pandas `Series`.
    static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> Series {
        throw .typeMismatch(expected: "a supported value", actual: "pandas.Series (reader pending)", path: "")
    }
}

extension DataIndex {
    /// Reads a pandas `Index`.
    static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> DataIndex {
        throw .typeMismatch(expected: "a supported value", actual: "pandas.Index (reader pending)", path: "")
    }
}
