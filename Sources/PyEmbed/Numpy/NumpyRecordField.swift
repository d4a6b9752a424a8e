/// One named field of a structured (record) numpy array, with its own dtype.
///
/// ``values`` holds the field of every record: its shape is the record
/// array's shape followed by the field's sub-array shape (`('pos', 'f8', (3,))`
/// in an array of shape `[n]` gives `[n, 3]`); a nested structured field is
/// itself a record array.
public struct NumpyRecordField: Sendable, Hashable {
    /// The field name.
    public var name: String
    /// The field's byte offset inside one record (padding and explicit
    /// offsets are kept, so the dtype can be rebuilt exactly).
    public var offset: Int
    /// The field of every record, in row-major order.
    public var values: NDArray

    /// Creates a field.
    public init(name: String, offset: Int, values: NDArray) {
        self.name = name
        self.offset = offset
        self.values = values
    }
}

extension NDArray {
    /// The fields of a structured array, in the dtype's order; empty for other dtypes.
    public var fields: [NumpyRecordField] {
        if case let .records(_, fields) = storage { return fields }
        return []
    }

    /// The field named `name` of a structured array, or `nil`.
    public func field(_ name: String) -> NDArray? {
        fields.first { $0.name == name }?.values
    }

    /// Whether the array came from a `numpy.recarray` (its dtype's type is
    /// `numpy.record`); it goes back to Python as one.
    public var isRecordArray: Bool {
        dtype.kind == .record && dtype.name.hasPrefix("(numpy.record")
    }
}
