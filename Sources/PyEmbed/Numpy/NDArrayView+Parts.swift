extension NDArrayView {
    /// A zero-copy view of one field of a structured (record) array: the
    /// field of every record, read through the record stride, sub-array
    /// dimensions last.
    ///
    /// - Throws: a type mismatch when `object` is not a structured array
    ///   with a field `field`, or the field is not a fixed-size number, time
    ///   or string.
    public convenience init(python object: BorrowedObject, field: String) throws(PythonConversionError) {
        let gil = object.gil
        guard (try? ObjectKind.of(object)) == .ndarray else { throw object.mismatch(expected: "numpy.ndarray") }
        let part: PythonObject
        do throws(PythonConversionError) {
            part = try NumpyHelpers.module.call("record_field", [object.owned(), field], gil)
        } catch {
            throw .typeMismatch(expected: "a structured numpy array with a field '\(field)'", actual: object.typeName, path: "")
        }
        do throws(PythonConversionError) { try self.init(python: part.borrow(gil)) } catch { throw error.nested(in: "['\(field)']") }
    }

    /// A zero-copy view of a `numpy.ma.MaskedArray`'s data, masked elements
    /// included (read the mask with ``MaskedArray`` or `numpy.ma.getmaskarray`).
    public convenience init(maskedData object: BorrowedObject) throws(PythonConversionError) {
        let gil = object.gil
        guard try ObjectKind.of(object) == .maskedArray else { throw object.mismatch(expected: "numpy masked array") }
        let data = try NumpyHelpers.module.call("masked_data", [object.owned()], gil)
        try self.init(python: data.borrow(gil))
    }
}
