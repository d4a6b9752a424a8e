/// A Swift type that numpy arrays can hold, for typed access to ``NDArray``
/// storage and for building arrays from Swift.
public protocol NumpyElement: Sendable {
    /// The numpy dtype this type corresponds to.
    static var numpyDType: NumpyDType { get }
}

/// A ``NumpyElement`` whose memory layout is exactly numpy's, so an
/// ``NDArrayView`` can hand out typed pointers to the array's own memory.
public protocol NumpyBufferElement: NumpyElement {}

extension NumpyElement {
    /// Storage holding `values`.
    static func storage(_ values: [Self]) -> NDArrayStorage {
        NDArrayStorage(values)
    }

    /// The values, if `storage` holds exactly this type; never a reinterpretation.
    static func values(in storage: NDArrayStorage) -> [Self]? {
        storage.elements as? [Self]
    }

    static func dtype(_ kind: NumpyDType.Kind, _ name: String) -> NumpyDType {
        NumpyDType(kind: kind, itemSize: MemoryLayout<Self>.size, name: name)
    }
}

extension Bool: NumpyElement {
    /// `bool`.
    public static var numpyDType: NumpyDType { dtype(.bool, "bool") }
}

extension Int8: NumpyBufferElement {
    /// `int8`.
    public static var numpyDType: NumpyDType { dtype(.signedInteger, "int8") }
}

extension Int16: NumpyBufferElement {
    /// `int16`.
    public static var numpyDType: NumpyDType { dtype(.signedInteger, "int16") }
}

extension Int32: NumpyBufferElement {
    /// `int32`.
    public static var numpyDType: NumpyDType { dtype(.signedInteger, "int32") }
}

extension Int64: NumpyBufferElement {
    /// `int64`.
    public static var numpyDType: NumpyDType { dtype(.signedInteger, "int64") }
}

extension UInt8: NumpyBufferElement {
    /// `uint8`.
    public static var numpyDType: NumpyDType { dtype(.unsignedInteger, "uint8") }
}

extension UInt16: NumpyBufferElement {
    /// `uint16`.
    public static var numpyDType: NumpyDType { dtype(.unsignedInteger, "uint16") }
}

extension UInt32: NumpyBufferElement {
    /// `uint32`.
    public static var numpyDType: NumpyDType { dtype(.unsignedInteger, "uint32") }
}

extension UInt64: NumpyBufferElement {
    /// `uint64`.
    public static var numpyDType: NumpyDType { dtype(.unsignedInteger, "uint64") }
}

extension Float: NumpyBufferElement {
    /// `float32`.
    public static var numpyDType: NumpyDType { dtype(.float, "float32") }
}

extension Double: NumpyBufferElement {
    /// `float64`.
    public static var numpyDType: NumpyDType { dtype(.float, "float64") }
}

extension String: NumpyElement {
    /// `<U1`; arrays built from strings take the longest string's width.
    public static var numpyDType: NumpyDType { NumpyDType(kind: .unicode, itemSize: 4, name: "U1") }
}
