import PyEmbedProcess
import Testing

/// Hand-made hostile messages: each must give the typed error naming the right offset.
@Suite("wire format: hostile messages")
struct WireHardeningTests {
    /// The wire bytes of a string field.
    private func string(_ text: String) -> [UInt8] { littleEndian(UInt64(text.utf8.count)) + Array(text.utf8) }

    /// An array value: float64 dtype unless told, `shape`, then a storage tag,
    /// count, padding (for raw storage) and payload.
    private func array(
        kind: UInt8 = 3, name: String = "float64", shape: [Int], storageTag: UInt8 = 11, count: UInt64, payload: [UInt8],
        aligned: Bool = true
    ) -> [UInt8] {
        var body: [UInt8] = [14, kind] + littleEndian(8) + string(name) + [0] + littleEndian(UInt64(shape.count))
        for length in shape { body += littleEndian(UInt64(bitPattern: Int64(length))) }
        body += [storageTag] + littleEndian(count)
        if aligned { body += Array(repeating: 0, count: (8 - (16 + body.count) % 8) % 8) }
        return body + payload
    }

    @Test func headerProblemsAreNamedAtTheirOffsets() {
        var bytes = WireFormat.encode(.int(5))
        bytes[0] = 0x51
        #expect(decodingError(bytes) == WireFormatError(.badMagic, at: 0))
        bytes = WireFormat.encode(.int(5))
        bytes[4] = UInt8(WireFormat.version + 1)
        #expect(decodingError(bytes) == WireFormatError(.unsupportedVersion(WireFormat.version + 1), at: 4))
        bytes = WireFormat.encode(.int(5))
        bytes[6] = 1
        #expect(decodingError(bytes) == WireFormatError(.unsupportedFlags(1), at: 6))
        bytes = WireFormat.encode(.int(5)) + [0]
        #expect(decodingError(bytes) == WireFormatError(.lengthMismatch(declared: 9, actual: 10), at: 8))
        #expect(decodingError(Array(WireFormat.encode(.int(5)).prefix(10)))?.reason == .truncated(needed: 6))
        #expect(decodingError([])?.reason == .truncated(needed: 4))
    }

    @Test func trailingBytesAndTruncatedValuesAreRefused() {
        #expect(decodingError(message([0, 0])) == WireFormatError(.trailingBytes(count: 1), at: 17))
        #expect(decodingError(message([2, 1, 2, 3])) == WireFormatError(.truncated(needed: 5), at: 17))
        #expect(decodingError(message([])) == WireFormatError(.truncated(needed: 1), at: 16))
    }

    @Test func unknownTagsAreRefused() {
        #expect(decodingError(message([200])) == WireFormatError(.unknownTag(200, context: "value"), at: 16))
        #expect(decodingError(message([18, 9])) == WireFormatError(.unknownTag(9, context: "index"), at: 17))
        let badStorage = array(shape: [1], storageTag: 77, count: 1, payload: littleEndian(0))
        #expect(decodingError(message(badStorage))?.reason == .unknownTag(77, context: "array storage"))
    }

    @Test func hugeClaimedCountsFailBeforeAllocating() {
        for huge: UInt64 in [1 << 60, UInt64.max, UInt64(Int.max), 1 << 32] {
            for tag: UInt8 in [6, 7, 8, 9, 10, 11, 12, 13] {
                let error = decodingError(message([tag] + littleEndian(huge) + [0, 0, 0]))
                #expect(error == WireFormatError(.countTooLarge(claimed: huge, remainingBytes: 3), at: 17), "tag \(tag), count \(huge)")
            }
            let raw = decodingError(message(array(shape: [1], count: huge, payload: littleEndian(0))))
            #expect(raw?.reason == .countTooLarge(claimed: huge, remainingBytes: 8))
            let big = decodingError(message([3, 0] + littleEndian(huge) + [0, 0, 0, 0, 0, 0]))
            #expect(big?.reason == .countTooLarge(claimed: huge, remainingBytes: 0))
        }
    }

    @Test func arrayInvariantsAreChecked() {
        let eight = littleEndian(Double(1).bitPattern)
        #expect(decodingError(message(array(shape: [1 << 62, 1 << 62], count: 0, payload: [])))?.reason == .shapeOverflow)
        #expect(decodingError(message(array(shape: [-1], count: 0, payload: [])))?.reason == .negativeDimension(-1))
        #expect(decodingError(message(array(shape: [3], count: 1, payload: eight)))?.reason == .shapeMismatch(expected: 3, actual: 1))
        #expect(decodingError(message(array(shape: [], count: 0, payload: [])))?.reason == .shapeMismatch(expected: 1, actual: 0))
        #expect(decodingError(message(array(shape: [1], storageTag: 4, count: 1, payload: eight)))?.reason
                == .dtypeMismatch(dtype: "float64", storage: "int64"))
        let manyDimensions = array(shape: Array(repeating: 1, count: 65), count: 1, payload: eight)
        #expect(decodingError(message(manyDimensions))?.reason == .tooManyDimensions(65, limit: 64))
        let badBool = array(kind: 0, name: "bool", shape: [2], storageTag: 0, count: 2, payload: [1, 2])
        #expect(decodingError(message(badBool))?.reason == .invalidBoolean(2))
        var padded = array(shape: [1], count: 1, payload: eight)
        padded[padded.count - 9] = 1  // the last padding byte before the payload
        #expect(decodingError(message(padded))?.reason == .nonZeroPadding)
        // The same arrays, well formed, decode.
        #expect(throws: Never.self) { try WireFormat.decode(message(array(shape: [1, 1], count: 1, payload: eight))) }
    }

    @Test func invalidUTF8IsAnErrorNotAReplacement() {
        for invalid: [UInt8] in [[0xC3, 0x28], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xFF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            for tag: UInt8 in [6, 24, 25] {
                let error = decodingError(message([tag] + littleEndian(UInt64(invalid.count)) + invalid))
                #expect(error == WireFormatError(.invalidUTF8, at: 17))
            }
        }
        let unicodeArray = array(kind: 8, name: "<U1", shape: [1], storageTag: 17, count: 1, payload: littleEndian(1) + [0x80], aligned: false)
        let error = decodingError(message(unicodeArray))
        #expect(error?.reason == .invalidUTF8)
    }

    @Test func flagBytesMustBeZeroOrOne() {
        #expect(decodingError(message([1, 2])) == WireFormatError(.invalidBoolean(2), at: 17))
        #expect(decodingError(message([15, 0, 7])) == WireFormatError(.invalidBoolean(7), at: 18))
    }

    @Test func depthBombsStopAtTheLimit() {
        let levels = 100_000
        let lists = message(Array(repeating: [9] + littleEndian(1), count: levels).flatMap { $0 } + [0])
        #expect(decodingError(lists)?.reason == .tooDeep(limit: PythonValue.defaultDepthLimit))
        #expect(decodingError(lists, limits: WireLimits(maxDepth: 10)) == WireFormatError(.tooDeep(limit: 10), at: 16 + 9 * 10))
        // Categories of categories of … nest ColumnValues without any PythonValue in between.
        let categorical: [UInt8] = [4] + littleEndian(0)
        let categories = message([18, 1] + Array(repeating: categorical, count: levels).flatMap { $0 } + [5] + littleEndian(0))
        #expect(decodingError(categories)?.reason == .tooDeep(limit: PythonValue.defaultDepthLimit))
        // A record whose fields are a record whose fields are …
        let record: [UInt8] = [27] + littleEndian(0) + littleEndian(0) + [0]
        #expect(decodingError(message(Array(repeating: record, count: levels).flatMap { $0 }))?.reason
                == .tooDeep(limit: PythonValue.defaultDepthLimit))
        let objectArray = array(kind: 9, name: "object", shape: [1], storageTag: 18, count: 1, payload: [], aligned: false)
        let objects = message(Array(repeating: objectArray, count: 5_000).flatMap { $0 })
        #expect(decodingError(objects)?.reason == .tooDeep(limit: PythonValue.defaultDepthLimit))
    }

    @Test func elementAndSizeLimitsAreEnforced() {
        let tenNones = WireFormat.encode(.list(Array(repeating: .none, count: 10)))
        #expect(decodingError(tenNones, limits: WireLimits(maxElements: 5)) == WireFormatError(.tooManyElements(limit: 5), at: 17))
        #expect(throws: Never.self) { try WireFormat.decode(tenNones, limits: WireLimits(maxElements: 10)) }
        let limited = WireLimits(maxMessageBytes: 20)
        #expect(decodingError(tenNones, limits: limited) == WireFormatError(.messageTooLarge(bytes: tenNones.count, limit: 20), at: 0))
    }

    @Test func errorsDescribeWhatAndWhere() {
        let error = WireFormatError(.invalidUTF8, at: 17)
        #expect(error.description == "wire format: string is not valid UTF-8 at byte 17")
        #expect("\(WireFormatError(.countTooLarge(claimed: 1 << 60, remainingBytes: 3), at: 17))".contains("1152921504606846976"))
    }
}
