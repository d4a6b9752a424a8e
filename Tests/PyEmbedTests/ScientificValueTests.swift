@testable import PyEmbed
import Testing

/// Reads `name` after running `code`, tolerantly: the value and its warnings.
private func tolerant(_ code: String, _ name: String = "x") throws -> (PythonValue, [ConversionWarning]) {
    try python().withGIL { gil throws(PyEmbedError) in
        var warnings: [ConversionWarning] = []
        let value = try gil.run(code).value(name, warnings: &warnings, gil)
        return (value, warnings)
    }
}

/// Converts `x` (set by `setup`) to a `PythonValue`, back to Python as
/// `value`, and runs `check` there with both `value` and `x`; `ok` must be true.
func roundTrip(_ setup: String, _ check: String) throws -> PythonValue {
    try python().withGIL { gil in
        let output = try gil.run("import numpy as np\n" + setup)
        let value = try output.value("x", as: PythonValue.self, gil)
        let verdict = try gil.run("import numpy as np\n" + check, inputs: ["value": value, "x": output.variable("x", gil)!.owned()])
        #expect(try verdict.value("ok", as: Bool.self, gil), "round trip of \(setup)")
        return value
    }
}

@Suite("Masked arrays")
struct MaskedArrayTests {
    @Test func maskedReadingsAreMissingNotValid() throws {
        let value = try evaluate("import numpy as np\nx = np.ma.masked_array([1.0, 2.0, 3.0], mask=[0, 1, 0])")
        guard case let .maskedArray(array) = value else {
            Issue.record("expected a masked array, got \(value)")
            return
        }
        #expect(array.data.shape == [3] && array.mask == [false, true, false])
        #expect(array.fillValue == .float(1e20))
        #expect(try array.elements(as: Double.self) == [1.0, nil, 3.0])
        #expect(array.maskedCount == 1 && array.isMasked(at: 1) && !array.isMasked(at: 0))
        #expect(try value.jsonString() == "[1.0,null,3.0]")
    }

    @Test func typedExtractionGivesNilForMaskedElements() throws {
        let code = "import numpy as np\nx = np.ma.masked_array([1.5, 2.5, 3.5], mask=[1, 0, 0])"
        #expect(try evaluate(code, as: [Double?].self) == [nil, 2.5, 3.5])
        #expect(try evaluate("import numpy as np\nx = np.ma.masked_array([[1, 2], [3, 4]], mask=[[0, 1], [0, 0]])", as: [[Int?]].self) == [[1, nil], [3, 4]])
        #expect(try evaluate("import numpy as np\nx = np.arange(3.0)", as: [Double].self) == [0, 1, 2])
        let direct = try evaluate("import numpy as np\nx = np.ma.masked_array([7, 8], mask=[0, 1], fill_value=-1)", as: MaskedArray.self)
        #expect(try direct.elements(as: Int64.self) == [7, nil] && direct.fillValue == .int(-1))
    }

    @Test func anyShapeAndNoMask() throws {
        guard case let .maskedArray(grid) = try evaluate("import numpy as np\nx = np.ma.masked_array(np.arange(6).reshape(2, 3), mask=np.arange(6).reshape(2, 3) % 2 == 0)") else {
            Issue.record("not a masked array")
            return
        }
        #expect(grid.shape == [2, 3] && grid.mask == [true, false, true, false, true, false])
        guard case let .maskedArray(open) = try evaluate("import numpy as np\nx = np.ma.masked_array([1.0, 2.0])") else {
            Issue.record("not a masked array")
            return
        }
        #expect(open.mask == nil && open.maskedCount == 0)
    }

    @Test(arguments: [
        "x = np.ma.masked_array([1.0, 2.0, 3.0], mask=[0, 1, 0])",
        "x = np.ma.masked_array(np.arange(6, dtype=np.int32).reshape(2, 3), mask=[[1, 0, 0], [0, 0, 1]], fill_value=-99)",
        "x = np.ma.masked_array([1.5, 2.5])",
        "x = np.ma.masked_array(['a', 'bc', 'd'], mask=[0, 0, 1])",
        "x = np.ma.masked_invalid(np.array([1.0, np.nan, np.inf], dtype=np.float32))",
        "x = np.ma.masked_array(5.0, mask=True)",
    ])
    func roundTripsBackToNumpyWithItsMask(_ setup: String) throws {
        _ = try roundTrip(setup, """
        ok = (isinstance(value, np.ma.MaskedArray) and value.dtype == x.dtype and value.shape == x.shape
              and np.array_equal(np.ma.getmaskarray(value), np.ma.getmaskarray(x))
              and np.array_equal(np.ma.getdata(value), np.ma.getdata(x), equal_nan=x.dtype.kind == 'f')
              and str(value.fill_value) == str(x.fill_value))
        """)
    }

    @Test func theMaskedScalarIsAnExplicitMissingValue() throws {
        let value = try roundTrip(
            "m = np.ma.masked_array([1, 2], mask=[0, 1])\nx = [np.ma.masked, m[1], m[0]]",
            "ok = value[0] is np.ma.masked and value[1] is np.ma.masked and value[2] == 1")
        #expect(value == .list([.missing(.masked), .missing(.masked), .int(1)]))
        #expect(try value.jsonString() == "[null,null,1]")
    }
}

@Suite("One value never fails a run")
struct TolerantConversionTests {
    static let results = """
    import numpy as np
    class Unreadable:
        def to_dict(self):
            raise RuntimeError('device offline')
    class Sensor:
        def __repr__(self):
            return 'Sensor(7)'
    results = {
        'mean': 2.5,
        'readings': np.ma.masked_array([1.0, 2.0, 3.0], mask=[0, 1, 0]),
        'rec': [1, 'two', Unreadable(), np.arange(2)],
        'sensor': Sensor(),
        'table': np.array([(1.5, 2)], dtype=[('x', 'f8'), ('y', 'i4')]),
        'names': np.array(['a', None], dtype=np.dtypes.StringDType(na_object=None)),
        'raw': np.zeros(2, dtype='V4'),
        'bad': Unreadable(),
    }
    """

    @Test func oneFailingValueIsKeptOpaqueWithAWarningNamingItsPath() throws {
        let (value, warnings) = try tolerant(Self.results, "results")
        #expect(warnings.map(\.path) == ["results['rec'][2]", "results['raw']", "results['bad']"])
        #expect(warnings.map(\.replacement.typeName) == ["Unreadable", "ndarray", "Unreadable"])
        #expect(warnings[1].description.contains("dtype V4"))
        #expect(warnings.first?.description.contains("device offline") == true)
        guard case let .dict(dictionary) = value else {
            Issue.record("expected a dict, got \(value)")
            return
        }
        #expect(dictionary["mean"] == .float(2.5))
        guard case let .maskedArray(readings) = dictionary["readings"] else {
            Issue.record("readings: \(String(describing: dictionary["readings"]))")
            return
        }
        #expect(try readings.elements(as: Double.self) == [1.0, nil, 3.0])
        guard case let .list(record) = dictionary["rec"], record.count == 4, case .object = record[2] else {
            Issue.record("rec: \(String(describing: dictionary["rec"]))")
            return
        }
        #expect(record[0] == .int(1) && record[1] == .string("two") && record[3] == .array(NDArray([Int64(0), 1])))
        if case let .object(sensor) = dictionary["sensor"] { #expect(sensor.repr == "Sensor(7)") } else { Issue.record("sensor") }
        if case let .array(table) = dictionary["table"] { #expect(table.field("y")?.storage == .int32([2])) } else { Issue.record("table") }
        if case let .array(names) = dictionary["names"] { #expect(names.storage == .nullableUnicode(["a", nil])) } else { Issue.record("names") }
        #expect(throws: Never.self) { try value.jsonData() }
    }

    @Test func aStrictReadStillFailsWithThePath() throws {
        do {
            _ = try evaluate(Self.results, "results")
            Issue.record("no error")
        } catch let PyEmbedError.conversion(error) {
            guard case let .python(exception, path) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(path == "results['rec'][2]")
            #expect(exception.message.contains("device offline"), "\(exception.message)")
        }
    }

    @Test func onlyTheTopLevelObjectCanFail() throws {
        let code = "class Unreadable:\n    def to_dict(self):\n        raise RuntimeError('nope')\nx = Unreadable()"
        #expect(throws: PyEmbedError.self) { try tolerant(code) }
        let (cyclic, warnings) = try tolerant("x = {'a': 1, 'self': []}\nx['self'].append(x['self'])")
        #expect(cyclic["a"] == .int(1))
        #expect(warnings.map(\.path) == ["x['self'][0]"])
    }

    @Test func errorMessagesNameTypesInPlainWords() throws {
        do {
            _ = try evaluate("x = [1, 2]", as: [String: Int].self)
            Issue.record("no error")
        } catch let PyEmbedError.conversion(error) {
            #expect(error.description == "expected a dict, got a list at x")
        }
        do {
            _ = try evaluate("x = {'a': [1, 2, 'three']}", as: [String: [Int]].self)
            Issue.record("no error")
        } catch let PyEmbedError.conversion(error) {
            #expect(error.description == "expected an int, got a str at x['a'][2]")
        }
    }
}

@Suite("Structured arrays and StringDType")
struct StructuredArrayTests {
    @Test func fieldsAreTypedWithTheirOwnDtypes() throws {
        let value = try evaluate("import numpy as np\nx = np.array([(1.5, 2, [1, 2, 3]), (3.0, -4, [4, 5, 6])], dtype=[('x', 'f8'), ('y', 'i4'), ('v', 'u1', (3,))])")
        guard case let .array(array) = value else {
            Issue.record("expected an array, got \(value)")
            return
        }
        #expect(array.dtype.kind == .record && array.shape == [2] && array.dtype.itemSize == 15)
        #expect(array.fields.map(\.name) == ["x", "y", "v"] && array.fields.map(\.offset) == [0, 8, 12])
        #expect(try array.field("x")?.elements(as: Double.self) == [1.5, 3.0])
        #expect(try array.field("y")?.elements(as: Int32.self) == [2, -4])
        #expect(array.field("v")?.shape == [2, 3])
        #expect(try array.field("v")?.elements(as: UInt8.self) == [1, 2, 3, 4, 5, 6])
        #expect(try value.jsonString() == "[[1.5,2,[1,2,3]],[3.0,-4,[4,5,6]]]")
    }

    @Test(arguments: [
        "x = np.array([(1.5, 2), (3.0, -4)], dtype=[('x', 'f8'), ('y', 'i4')])",
        "x = np.zeros((2, 2), dtype=[('pos', 'f4', (3,)), ('id', 'u2'), ('name', 'U4'), ('inner', [('a', 'i1'), ('b', 'f8', (2, 2))])])\nx['name'] = [['ab', 'c'], ['', 'defg']]\nx['inner']['b'] = 1.5",
        "x = np.array([(1, 2.0)], dtype=np.dtype({'names': ['a', 'b'], 'formats': ['i2', 'f8'], 'offsets': [0, 8], 'itemsize': 24}))",
        "x = np.array([('2024-01-01T00:00:01', 5)], dtype=[('t', 'datetime64[s]'), ('n', '>i8')])",
        "x = np.rec.fromrecords([(1, 'a'), (2, 'b')], names='n,s')",
        "x = np.array(['a', 'héllo', ''], dtype=np.dtypes.StringDType())",
        "x = np.array([['a', None], ['c', 'd']], dtype=np.dtypes.StringDType(na_object=None))",
        "x = np.array(['x', np.nan], dtype=np.dtypes.StringDType(na_object=np.nan))",
    ])
    func roundTripsBackToNumpy(_ setup: String) throws {
        _ = try roundTrip(setup, """
        native = x.dtype if x.dtype.kind == 'T' else x.dtype.newbyteorder('=')
        ok = (type(value) is type(x) and value.dtype == native and value.shape == x.shape
              and str(value.tolist()) == str(x.tolist()))
        """)
    }

    @Test func structuredScalarsAreZeroDimensionalRecordArrays() throws {
        let value = try roundTrip(
            "x = np.array([(1.5, 2)], dtype=[('x', 'f8'), ('y', 'i4')])[0]",
            "ok = value.shape == () and value.dtype == x.dtype and value.tolist() == x.tolist()")
        guard case let .array(array) = value else {
            Issue.record("expected an array, got \(value)")
            return
        }
        #expect(array.shape == [] && array.field("y")?.storage == .int32([2]))
        #expect(try value.jsonString() == "[1.5,2]")
    }

    @Test func stringDTypeArraysAreStringsWithMissingValues() throws {
        let plain = try evaluate("import numpy as np\nx = np.array(['a', 'bc'], dtype=np.dtypes.StringDType())")
        #expect(plain == .array(NDArray(dtype: NumpyDType(kind: .string, itemSize: 16, name: "StringDType()"), shape: [2], storage: .unicode(["a", "bc"]))))
        guard case let .array(missing) = try evaluate("import numpy as np\nx = np.array(['a', None], dtype=np.dtypes.StringDType(na_object=None))") else {
            Issue.record("not an array")
            return
        }
        #expect(missing.storage == .nullableUnicode(["a", nil]) && missing.dtype.name == "StringDType(na_object=None)")
        #expect(try evaluate("import numpy as np\nx = np.array(['a', None], dtype=np.dtypes.StringDType(na_object=None))", as: [String?].self) == ["a", nil])
    }

    @Test func rawVoidIsStillRefusedInPlainWords() throws {
        do {
            _ = try evaluate("import numpy as np\nx = {'raw': np.zeros(2, dtype='V8')}")
            Issue.record("no error")
        } catch let PyEmbedError.conversion(error) {
            #expect(error.description == "expected a numpy array of a supported dtype, got a numpy.ndarray of dtype V8 at x['raw']")
        }
    }
}

@Suite("The reference's generic rules")
struct GenericRuleTests {
    @Test func objectsWithToListOrItemKeepWhatTheyReturn() throws {
        let value = try evaluate("""
        import array
        import pandas as pd
        class Reading:
            def item(self):
                return 4.5
        x = [array.array('i', [1, 2]), memoryview(b'ab'), Reading(), pd.Categorical(['a', 'b', 'a'])]
        """)
        guard case let .list(items) = value, items.count == 4,
              case let .record(numbers) = items[0], case let .record(view) = items[1],
              case let .record(reading) = items[2], case let .pandasArray(categorical) = items[3] else {
            Issue.record("unexpected \(value)")
            return
        }
        #expect(numbers.origin == .toList && numbers.typeName == "array" && numbers.fields == .list([.int(1), .int(2)]))
        #expect(view.origin == .toList && view.typeName == "memoryview" && view.fields == .list([.int(97), .int(98)]))
        #expect(reading.origin == .item && reading.fields == .float(4.5))
        // A pandas array has its own typed rule (the column types), ahead of the generic tolist().
        #expect(categorical.dtype == "category" && categorical.count == 3)
        #expect(try value.jsonString() == #"[[1,2],[97,98],4.5,["a","b","a"]]"#)
    }

    @Test func toDictComesBeforeDataclassFields() throws {
        let value = try evaluate("""
        from dataclasses import dataclass
        @dataclass
        class Point:
            x: int
            def to_dict(self):
                return {'x': self.x, 'kind': 'point'}
        x = Point(3)
        """)
        guard case let .record(record) = value else {
            Issue.record("unexpected \(value)")
            return
        }
        #expect(record.origin == .toDict && record.fields["kind"] == .string("point"))
    }
}

@Suite("Zero-copy views of record fields and masked data")
struct PartViewTests {
    @Test func aFieldViewReadsThroughTheRecordStride() throws {
        try python().withGIL { gil in
            let output = try gil.run("import numpy as np\nx = np.array([(1.5, 2, [1, 2]), (3.0, -4, [3, 4])], dtype=[('x', 'f8'), ('y', 'i4'), ('v', 'i2', (2,))])")
            let records = try #require(output.variable("x", gil))
            let x = try NDArrayView(python: records, field: "x")
            #expect(x.shape == [2] && x.strides == [16] && !x.isContiguous)
            #expect(try x.element(at: [1], as: Double.self) == 3.0)
            let v = try NDArrayView(python: records, field: "v")
            #expect(v.shape == [2, 2])
            #expect(try v.copy().elements(as: Int16.self) == [1, 2, 3, 4])
            _ = try gil.run("a['x'][1] = 9.5", inputs: ["a": records.owned()])
            #expect(try x.element(at: [1], as: Double.self) == 9.5)
            #expect(throws: PythonConversionError.self) { try NDArrayView(python: records, field: "missing") }
        }
    }

    @Test func maskedDataIsViewedWithoutACopy() throws {
        try python().withGIL { gil in
            let output = try gil.run("import numpy as np\nx = np.ma.masked_array([1.0, 2.0, 3.0], mask=[0, 1, 0])")
            let masked = try #require(output.variable("x", gil))
            let view = try NDArrayView(maskedData: masked)
            let data = try view.withUnsafeBufferPointer(as: Double.self) { Array($0) }
            #expect(data == [1, 2, 3])
            #expect(throws: PythonConversionError.self) { try NDArrayView(python: masked) }
        }
    }
}
