import PyEmbedProcess

/// Hand-built values covering every case the wire format has, shared by the
/// round-trip and fuzz tests.
enum WireSamples {
    static let signalingNaN = Double(bitPattern: 0x7FF0_0000_0000_0001)
    static let payloadNaN = Double(bitPattern: 0xFFF8_0000_DEAD_BEEF)
    static let floatNaN = Float(bitPattern: 0x7FC0_1234)

    /// One value per ``PythonValue`` case, scalars and containers.
    static var everyCase: [PythonValue] {
        [
            .none, .bool(true), .bool(false),
            .int(0), .int(PythonInteger(Int.max)), .int(PythonInteger(Int.min)),
            .int(PythonInteger(isNegative: false, magnitude: [0, 1])),
            .int(PythonInteger(isNegative: true, magnitude: [UInt64.max, UInt64.max, 7])),
            .float(1.5), .float(-0.0), .float(.infinity), .float(-.infinity), .float(.nan),
            .float(signalingNaN), .float(payloadNaN), .float(.leastNonzeroMagnitude),
            .complex(real: 1, imaginary: -2), .complex(real: .nan, imaginary: payloadNaN),
            .string(""), .string("héllo, wörld — 日本 🐍"), .string("nul\u{0}inside"),
            .bytes([]), .bytes([0, 1, 255]), .bytearray([9, 8, 7]),
            .list([]), .list([.int(1), .string("two"), .none]), .tuple([.bool(true), .float(2)]),
            .dict(PythonDictionary()),
            .dict(PythonDictionary([
                .init(key: .string("a"), value: .int(1)),
                .init(key: .tuple([.int(1), .int(2)]), value: .list([.float(.nan)])),
                .init(key: .none, value: .dict(PythonDictionary([.init(key: .int(3), value: .bytes([1]))]))),
            ])),
            .set([.int(1), .int(2)]), .frozenset([.string("x")]),
            .array(NDArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape: [2, 3])),
            .numpyTime(NumpyTime(kind: .datetime, ticks: 1_700_000_000, unit: "s")),
            .numpyTime(NumpyTime(kind: .timedelta, ticks: nil, unit: "ns")),
            .dataFrame(frame), .series(series),
            .index(.range(start: 0, stop: 10, step: 2, name: .string("r"))),
            .index(.range(start: 0, stop: Int.max, step: 1, name: .none)),
            .index(.multi(names: [.string("a"), .none], tuples: [[.int(1), .string("x")], [.int(2), .string("y")]])),
            .figure(figure), .figure(Figure(png: [], widthInches: 0, heightInches: 0, dpi: .nan, axes: [])),
            .datetime(datetime),
            .datetime(PythonDateTime(date: PythonDate(year: 2024, month: 1, day: 1), time: PythonTime(hour: 0, minute: 0, second: 0))),
            .date(PythonDate(year: 1, month: 1, day: 1)),
            .time(PythonTime(hour: 23, minute: 59, second: 59, microsecond: 999_999,
                             timeZone: PythonTimeZone(utcOffsetSeconds: -12_600.5, name: nil))),
            .timedelta(PythonTimeDelta(days: -3, seconds: 86_399, microseconds: 1)),
            .decimal(PythonDecimal("-1.10E+3")), .decimal(PythonDecimal("sNaN")),
            .path("/tmp/ä/b.txt"),
            .enumMember(PythonEnumMember(typeName: "Color", module: "__main__", name: "RED", value: .int(1))),
            .enumMember(PythonEnumMember(typeName: "Mode", module: "m", name: "A", value: .string("a"), text: "a",
                                         builtinValue: .string("a"))),
            .record(PythonRecord(typeName: "Point", module: "__main__", origin: .dataclass,
                                 fields: .dict(PythonDictionary([.init(key: .string("x"), value: .float(1))])))),
            .record(PythonRecord(typeName: "Thing", module: "lib", origin: .toDict, fields: .list([.int(1)]), text: "<Thing at 0x1>")),
            .object(PythonOpaqueObject(typeName: "Widget", module: "__main__", repr: "<Widget>", text: "widget")),
            .record(PythonRecord(typeName: "array", module: "array", origin: .toList, fields: .list([.int(1)]), text: "array('i', [1])")),
            .record(PythonRecord(typeName: "Reading", module: "__main__", origin: .item, fields: .float(4.5), text: "r")),
            .maskedArray(MaskedArray(data: NDArray([1.0, payloadNaN, 3.0]), mask: [false, true, false], fillValue: .float(1e20))),
            .maskedArray(MaskedArray(data: NDArray(["a", "b"]), mask: nil, fillValue: .string("N/A"))),
            .missing(.masked), .missing(.notAvailable), .missing(.notATime),
            .purePath(PythonPurePath(text: "C:\\data\\run.h5", flavour: .windows)), .purePath(PythonPurePath(text: "/srv/x", flavour: .posix)),
        ]
    }

    /// One array per ``NDArrayStorage`` case, with awkward values (NaN payloads, extremes).
    static var everyStorage: [NDArray] {
        func dtype(_ kind: NumpyDType.Kind, _ size: Int, _ name: String, _ unit: String? = nil) -> NumpyDType {
            NumpyDType(kind: kind, itemSize: size, name: name, unit: unit)
        }
        return [
            NDArray(dtype: dtype(.bool, 1, "bool"), shape: [3], storage: .bool([true, false, true])),
            NDArray(dtype: dtype(.signedInteger, 1, "int8"), shape: [2], storage: .int8([.min, .max])),
            NDArray(dtype: dtype(.signedInteger, 2, "int16"), shape: [2], storage: .int16([.min, .max])),
            NDArray(dtype: dtype(.signedInteger, 4, "int32"), shape: [2], storage: .int32([.min, .max])),
            NDArray(dtype: dtype(.signedInteger, 8, "int64"), shape: [2], storage: .int64([.min, .max])),
            NDArray(dtype: dtype(.unsignedInteger, 1, "uint8"), shape: [2], storage: .uint8([0, .max])),
            NDArray(dtype: dtype(.unsignedInteger, 2, "uint16"), shape: [2], storage: .uint16([0, .max])),
            NDArray(dtype: dtype(.unsignedInteger, 4, "uint32"), shape: [2], storage: .uint32([0, .max])),
            NDArray(dtype: dtype(.unsignedInteger, 8, "uint64"), shape: [2], storage: .uint64([0, .max])),
            NDArray(dtype: dtype(.float, 2, "float16"), shape: [3], storage: .float16([65504, -0.0, .nan])),
            NDArray(dtype: dtype(.float, 4, "float32"), shape: [3], storage: .float32([floatNaN, .infinity, 1e-45])),
            NDArray(dtype: dtype(.float, 8, "float64"), shape: [3], storage: .float64([signalingNaN, payloadNaN, -0.0])),
            NDArray(dtype: dtype(.complex, 8, "complex64"), shape: [2],
                    storage: .complex64([ComplexNumber(real: 1, imaginary: floatNaN), ComplexNumber(real: -0.0, imaginary: 2)])),
            NDArray(dtype: dtype(.complex, 16, "complex128"), shape: [1],
                    storage: .complex128([ComplexNumber(real: payloadNaN, imaginary: .infinity)])),
            NDArray(dtype: dtype(.datetime, 8, "datetime64[ns]", "ns"), shape: [2], storage: .datetime64([Int64.min, 1_700_000_000_000_000_000])),
            NDArray(dtype: dtype(.timedelta, 8, "timedelta64[D]", "D"), shape: [2], storage: .timedelta64([Int64.min, -5])),
            NDArray(dtype: dtype(.bytes, 3, "|S3"), shape: [3], storage: .bytes([[1, 2, 3], [], [0, 7]])),
            NDArray(dtype: dtype(.unicode, 20, "<U5"), shape: [3], storage: .unicode(["", "ab", "日本🐍"])),
            NDArray(dtype: dtype(.object, 8, "object"), shape: [3],
                    storage: .object([.none, .list([.int(1)]), .array(NDArray([Int64(1)]))])),
            NDArray(dtype: dtype(.string, 16, "StringDType()"), shape: [2], storage: .unicode(["", "日本🐍"])),
            NDArray(dtype: dtype(.string, 16, "StringDType(na_object=None)"), shape: [3], storage: .nullableUnicode(["a", nil, ""])),
            NDArray(dtype: dtype(.record, 12, "[('x', '<f8'), ('v', '<i2', (2,))]"), shape: [2], storage: .records(count: 2, fields: [
                NumpyRecordField(name: "x", offset: 0, values: NDArray([payloadNaN, 1.5])),
                NumpyRecordField(name: "v", offset: 8, values: NDArray([Int16(1), 2, 3, 4], shape: [2, 2])),
            ])),
        ]
    }

    /// Arrays of unusual shapes: 0-d, empty in one dimension, many dimensions.
    static var shapes: [NDArray] {
        [
            NDArray(dtype: NumpyDType(kind: .float, itemSize: 8, name: "float64"), shape: [], storage: .float64([42])),
            NDArray(dtype: NumpyDType(kind: .float, itemSize: 8, name: "float64"), shape: [0], storage: .float64([])),
            NDArray(dtype: NumpyDType(kind: .signedInteger, itemSize: 4, name: "int32"), shape: [3, 0, 5], storage: .int32([])),
            NDArray(dtype: NumpyDType(kind: .unicode, itemSize: 4, name: "<U1"), shape: [0, 2], storage: .unicode([])),
            NDArray(dtype: NumpyDType(kind: .object, itemSize: 8, name: "object"), shape: [0], storage: .object([])),
            NDArray(Array(0..<Int64(2 * 3 * 4 * 5)), shape: [2, 3, 4, 5]),
            NDArray(Array(repeating: UInt8(1), count: 1), shape: Array(repeating: 1, count: 32)),
        ]
    }

    /// A frame with one column of every ``ColumnValues`` case, and a values index.
    static var frame: DataFrame {
        let floats = NDArray([1.5, .nan, payloadNaN])
        let ints = NDArray([Int64(1), 2, 3])
        let utc = NDArray(dtype: NumpyDType(kind: .datetime, itemSize: 8, name: "datetime64[ns]", unit: "ns"),
                          shape: [3], storage: .datetime64([0, Int64.min, 86_400_000_000_000]))
        let columns = [
            DataColumn(name: .string("float"), dtype: "float64", values: .array(floats)),
            DataColumn(name: .int(7), dtype: "Int64", values: .masked(ints, missing: [false, true, false])),
            DataColumn(name: .tuple([.string("a"), .int(1)]), dtype: "str", values: .strings(["x", nil, "ÿ"])),
            DataColumn(name: .string("when"), dtype: "datetime64[ns, Europe/Zurich]", values: .zonedDatetimes(utc, timeZone: "Europe/Zurich")),
            DataColumn(name: .string("cat"), dtype: "category",
                       values: .categorical(codes: [0, nil, 1], categories: .strings(["lo", "hi"]), ordered: true)),
            DataColumn(name: .string("obj"), dtype: "object", values: .objects([.none, .float(.nan), .list([.int(1)])])),
        ]
        let index = DataIndex.values(.array(NDArray(["r0", "r1", "r2"])), dtype: "object", name: .string("rows"))
        return DataFrame(columns: columns, index: index)
    }

    /// A series with a categorical index of numbers.
    static var series: Series {
        let index = DataIndex.values(.categorical(codes: [1, 0], categories: .array(NDArray([10.0, 20.0])), ordered: false),
                                     dtype: "category", name: .none)
        return Series(column: DataColumn(name: .none, dtype: "int8", values: .array(NDArray([Int8(1), -1]))), index: index)
    }

    /// A figure with two axes, one with lines.
    static var figure: Figure {
        let line = FigureLine(label: "signal", x: [.int(0), .int(1)], y: [.float(0.5), .float(.nan)])
        let axes = FigureAxes(title: "T", xLabel: "x", yLabel: "y", xLimits: AxisLimits(lower: -1, upper: 1),
                              yLimits: AxisLimits(lower: 0, upper: .infinity), lines: [line])
        let empty = FigureAxes(title: "", xLabel: "", yLabel: "", xLimits: AxisLimits(lower: 0, upper: 1),
                               yLimits: AxisLimits(lower: 0, upper: 1), lines: [])
        return Figure(png: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], widthInches: 6.4, heightInches: 4.8, dpi: 100, axes: [axes, empty])
    }

    /// An aware datetime with nanoseconds.
    static var datetime: PythonDateTime {
        PythonDateTime(date: PythonDate(year: 2026, month: 12, day: 1),
                       time: PythonTime(hour: 13, minute: 57, second: 27, microsecond: 123_456,
                                        timeZone: PythonTimeZone(utcOffsetSeconds: 3_600, name: "Europe/Zurich")),
                       nanosecond: 789)
    }

    /// All of the above and a few nestings of them, for the fuzz test's seeds.
    static var seeds: [PythonValue] {
        let cases = everyCase
        let arrays = (everyStorage + shapes).map(PythonValue.array)
        let envelope = PythonValue.dict(PythonDictionary([
            .init(key: .string("ok"), value: .bool(true)),
            .init(key: .string("values"), value: .list(Array(cases.prefix(20)))),
            .init(key: .string("arrays"), value: .tuple(Array(arrays.prefix(8)))),
        ]))
        return cases + arrays + [envelope, nestedLists(40), .list(cases), .list(arrays)]
    }
}
