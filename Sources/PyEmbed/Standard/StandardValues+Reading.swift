/// Reading the standard library's value types (datetime, decimal, pathlib,
/// enum, dataclasses) and objects with `to_dict()`.
enum StandardValues {
    /// Converts `object`, whose type `kind` classified.
    static func read(_ object: BorrowedObject, kind: ObjectKind, _ reader: inout ValueReader) throws(PythonConversionError) -> PythonValue {
        throw .typeMismatch(expected: "a supported value", actual: "\(kind) (reader pending)", path: "")
    }
}
