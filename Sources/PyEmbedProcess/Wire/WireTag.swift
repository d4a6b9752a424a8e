/// The byte that starts every encoded ``PythonValue``: which case follows.
///
/// Numbers are part of the format (Documentation/WireFormat.md): never
/// renumber, only append.
enum WireTag: UInt8 {
    case none = 0
    case bool = 1
    case int = 2
    case bigInt = 3
    case float = 4
    case complex = 5
    case string = 6
    case bytes = 7
    case bytearray = 8
    case list = 9
    case tuple = 10
    case dict = 11
    case set = 12
    case frozenset = 13
    case array = 14
    case numpyTime = 15
    case dataFrame = 16
    case series = 17
    case index = 18
    case figure = 19
    case datetime = 20
    case date = 21
    case time = 22
    case timedelta = 23
    case decimal = 24
    case path = 25
    case enumMember = 26
    case record = 27
    case object = 28
    case maskedArray = 29
    case missing = 30
    case purePath = 31
    case pandasArray = 32
    case period = 33
    case interval = 34
}

/// The byte naming an ``NDArrayStorage`` case, in declaration order.
enum WireStorageTag: UInt8 {
    case bool = 0, int8, int16, int32, int64, uint8, uint16, uint32, uint64
    case float16, float32, float64, complex64, complex128, datetime64, timedelta64
    case bytes, unicode, object
    case nullableUnicode, records
}

extension WireFormat {
    /// The ``NumpyDType/Kind``s in the order of their tag bytes (0 bool … 9 object, 10 string, 11 record).
    static let dtypeKinds: [NumpyDType.Kind] = [
        .bool, .signedInteger, .unsignedInteger, .float, .complex, .datetime, .timedelta, .bytes, .unicode, .object,
        .string, .record,
    ]

    /// The byte naming `kind`.
    static func dtypeKindTag(_ kind: NumpyDType.Kind) -> UInt8 {
        // Every kind is in the table.
        UInt8(dtypeKinds.firstIndex(of: kind) ?? 0)
    }
}

/// The byte naming a ``PythonMissingValue``.
enum WireMissingTag: UInt8 {
    case masked = 0, notAvailable, notATime
}

/// The byte naming a ``PythonRecord/Origin``; 0 and 1 were once a boolean (is `to_dict()`).
enum WireRecordOriginTag: UInt8 {
    case dataclass = 0, toDict, toList, item
}

/// The byte naming a ``ColumnValues`` case.
enum WireColumnTag: UInt8 {
    case array = 0, masked, strings, zonedDatetimes, categorical, objects
}

/// The byte naming a ``DataIndex`` case.
enum WireIndexTag: UInt8 {
    case range = 0, values, multi
}
