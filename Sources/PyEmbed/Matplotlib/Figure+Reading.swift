extension Figure {
    /// Renders a matplotlib figure to PNG and reads its axes.
    static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> Figure {
        throw .typeMismatch(expected: "a supported value", actual: "matplotlib Figure (reader pending)", path: "")
    }
}
