import PyEmbedProcess
import Testing

@Suite("wire format: round trips of hand-built values")
struct WireRoundTripTests {
    @Test func everyValueCaseRoundTrips() {
        for value in WireSamples.everyCase { expectRoundTrip(value) }
    }

    @Test func everyStorageCaseRoundTripsWithNaNPayloads() throws {
        for array in WireSamples.everyStorage {
            expectRoundTrip(.array(array))
            guard case let .array(decoded) = try WireFormat.decode(WireFormat.encode(.array(array))) else {
                Issue.record("not an array")
                continue
            }
            switch (array.storage, decoded.storage) {
            case let (.float64(sent), .float64(received)): #expect(sent.map(\.bitPattern) == received.map(\.bitPattern))
            case let (.float32(sent), .float32(received)): #expect(sent.map(\.bitPattern) == received.map(\.bitPattern))
            default: #expect(decoded.dtype == array.dtype && decoded.shape == array.shape)
            }
        }
    }

    @Test func shapesRoundTrip() {
        for array in WireSamples.shapes { expectRoundTrip(.array(array)) }
    }

    @Test func framesSeriesAndIndexesRoundTrip() {
        expectRoundTrip(.dataFrame(WireSamples.frame))
        expectRoundTrip(.dataFrame(DataFrame(columns: [], index: .range(start: 0, stop: 0, step: 1, name: .none))))
        expectRoundTrip(.series(WireSamples.series))
        expectRoundTrip(.index(.values(.objects([]), dtype: "object", name: .none)))
    }

    @Test func figuresRoundTrip() {
        expectRoundTrip(.figure(WireSamples.figure))
    }

    @Test func nestingUpToTheDepthLimitRoundTrips() {
        var deep = PythonValue.int(1)
        for level in 0..<60 {
            switch level % 5 {
            case 0: deep = .dict(PythonDictionary([.init(key: .int(PythonInteger(level)), value: deep)]))
            case 1: deep = .array(NDArray(dtype: NumpyDType(kind: .object, itemSize: 8, name: "object"), shape: [1], storage: .object([deep])))
            case 2: deep = .record(PythonRecord(typeName: "R", module: "m", origin: .dataclass,
                                                fields: .dict(PythonDictionary([.init(key: .string("f"), value: deep)]))))
            case 3: deep = .series(Series(column: DataColumn(name: .none, dtype: "object", values: .objects([deep])),
                                          index: .range(start: 0, stop: 1, step: 1, name: .none)))
            default: deep = .enumMember(PythonEnumMember(typeName: "E", module: "m", name: "A", value: deep))
            }
        }
        let mixed = deep
        let problems = onThread(stack: largeStack) {
            [nestedLists(PythonValue.defaultDepthLimit), mixed].compactMap { roundTripProblem($0).problem }
        }
        #expect(problems == [])
        // One level past the limit is refused when decoding, not when encoding.
        let tooDeep = onThread(stack: largeStack) { WireFormat.encode(nestedLists(PythonValue.defaultDepthLimit + 1)) }
        #expect(decodingError(tooDeep)?.reason == .tooDeep(limit: PythonValue.defaultDepthLimit))
    }

    @Test func numericPayloadsAreAlignedToEightBytes() {
        // A marker pattern that cannot occur in the header or the dtype fields.
        let marker: [Double] = [Double(bitPattern: 0x0102_0304_0506_0708), 2]
        for prefix in 0..<9 {
            let value = PythonValue.tuple([.string(String(repeating: "x", count: prefix)), .array(NDArray(marker))])
            let bytes = expectRoundTrip(value)
            let needle: [UInt8] = [0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01]
            let position = (0...(bytes.count - 8)).first { Array(bytes[$0..<($0 + 8)]) == needle }
            #expect(position.map { $0 % WireFormat.alignment } == 0)
        }
    }

    @Test func encodingIntoACallerBufferWritesExactlyTheMeasuredSize() {
        let value = PythonValue.list(WireSamples.everyCase)
        let size = WireFormat.encodedSize(of: value)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size + 16, alignment: 8)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0xAB)
        let written = WireFormat.encode(value, into: buffer)
        #expect(written == size)
        #expect(buffer[size...].allSatisfy { $0 == 0xAB })
        #expect(Array(buffer[..<size]) == WireFormat.encode(value))
        let decoded = try? WireFormat.decode(UnsafeRawBufferPointer(rebasing: buffer[..<size]))
        #expect(decoded.map(WireFormat.encode) == WireFormat.encode(value))
    }

    @Test func headerCarriesMagicVersionAndBodyLength() {
        let bytes = WireFormat.encode(.none)
        #expect(bytes == WireFormat.magic + [3, 0, 0, 0] + littleEndian(1) + [0])
        #expect(WireFormat.version == 3)
    }

    @Test func complexNumbersAreLaidOutAsTwoScalars() {
        #expect(MemoryLayout<ComplexNumber<Float>>.stride == 8)
        #expect(MemoryLayout<ComplexNumber<Double>>.stride == 16)
    }
}
