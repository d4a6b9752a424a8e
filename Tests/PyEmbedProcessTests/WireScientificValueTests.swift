import PyEmbed
import PyEmbedProcess
import Testing

/// The wire format for masked arrays, missing values, record arrays,
/// StringDType arrays and the generic record origins: every value survives
/// encode → decode unchanged, and malformed bytes are refused.
@Suite("Wire format: scientific values")
struct WireScientificValueTests {
    static let float64 = NumpyDType(kind: .float, itemSize: 8, name: "float64")

    static let records: NDArray = {
        let inner = NDArray(
            dtype: NumpyDType(kind: .record, itemSize: 9, name: "[('a', 'i1'), ('b', '<f8')]"), shape: [2],
            storage: .records(count: 2, fields: [
                NumpyRecordField(name: "a", offset: 0, values: NDArray([Int8(1), -1])),
                NumpyRecordField(name: "b", offset: 1, values: NDArray([0.5, 1.5])),
            ]))
        return NDArray(
            dtype: NumpyDType(kind: .record, itemSize: 32, name: "(numpy.record, [('pos', '<f4', (2,)), ('inner', ...)])"), shape: [2],
            storage: .records(count: 2, fields: [
                NumpyRecordField(name: "pos", offset: 0, values: NDArray([Float(1), 2, 3, 4], shape: [2, 2])),
                NumpyRecordField(name: "inner", offset: 8, values: inner),
                NumpyRecordField(name: "name", offset: 17, values: NDArray(["ab", "c"])),
            ]))
    }()

    static let values: [PythonValue] = [
        .maskedArray(MaskedArray(data: NDArray([1.0, 2.0, 3.0]), mask: [false, true, false], fillValue: .float(1e20))),
        .maskedArray(MaskedArray(data: NDArray([Int64(1), 2, 3, 4], shape: [2, 2]), mask: nil, fillValue: .int(PythonInteger(-99)))),
        .maskedArray(MaskedArray(data: NDArray(["a", "b"]), mask: [true, false], fillValue: .list([.string("N/A")]))),
        .list([.missing(.masked), .none, .missing(.masked)]),
        .array(records),
        .array(NDArray(dtype: records.dtype, shape: [], storage: .records(count: 1, fields: []))),
        .array(NDArray(dtype: NumpyDType(kind: .string, itemSize: 16, name: "StringDType()"), shape: [2], storage: .unicode(["a", "héllo"]))),
        .array(NDArray(dtype: NumpyDType(kind: .string, itemSize: 16, name: "StringDType(na_object=None)"), shape: [3], storage: .nullableUnicode(["a", nil, ""]))),
        .record(PythonRecord(typeName: "array", module: "array", origin: .toList, fields: .list([.int(PythonInteger(1))]), text: "array('i', [1])")),
        .record(PythonRecord(typeName: "Reading", module: "__main__", origin: .item, fields: .float(4.5), text: "r")),
        .record(PythonRecord(typeName: "Point", module: "__main__", origin: .toDict, fields: .dict(PythonDictionary()), text: "p")),
    ]

    @Test(arguments: values.indices)
    func roundTrips(_ position: Int) throws {
        let value = Self.values[position]
        let bytes = WireFormat.encode(value)
        #expect(bytes.count == WireFormat.encodedSize(of: value))
        let decoded = try bytes.withUnsafeBytes { try WireFormat.decode($0) }
        #expect(decoded == value)
    }

    @Test func aMaskOfTheWrongLengthIsRefused() {
        let value = PythonValue.maskedArray(MaskedArray(data: NDArray([1.0, 2.0]), mask: [true], fillValue: .none))
        let bytes = WireFormat.encode(value)
        #expect(throws: WireFormatError.self) { try bytes.withUnsafeBytes { try WireFormat.decode($0) } }
    }

    @Test func aFieldWhoseShapeDoesNotStartWithTheRecordsShapeIsRefused() {
        let value = PythonValue.array(NDArray(
            dtype: Self.records.dtype, shape: [2],
            storage: .records(count: 2, fields: [NumpyRecordField(name: "x", offset: 0, values: NDArray([1.0, 2.0, 3.0]))])))
        let bytes = WireFormat.encode(value)
        #expect(throws: WireFormatError.self) { try bytes.withUnsafeBytes { try WireFormat.decode($0) } }
    }

    @Test func anUnknownMissingValueTagIsRefused() {
        var bytes = WireFormat.encode(.missing(.masked))
        bytes[bytes.count - 1] = 7
        #expect(throws: WireFormatError.self) { try bytes.withUnsafeBytes { try WireFormat.decode($0) } }
    }
}
