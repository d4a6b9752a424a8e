@testable import PyEmbed
import Foundation
import Testing

/// Equality that treats NaN as equal to NaN, at any depth (what comparing
/// converted pandas output needs; `PythonValue`'s `==` follows IEEE).
private func same(_ left: PythonValue, _ right: PythonValue) -> Bool {
    switch (left, right) {
    case let (.float(a), .float(b)): return a == b || (a.isNaN && b.isNaN)
    case let (.list(a), .list(b)), let (.tuple(a), .tuple(b)):
        return a.count == b.count && zip(a, b).allSatisfy(same)
    case let (.dict(a), .dict(b)):
        return a.count == b.count && zip(a.entries, b.entries).allSatisfy { same($0.key, $1.key) && same($0.value, $1.value) }
    default: return left == right
    }
}

private func same(_ left: [PythonValue], _ right: [PythonValue]) -> Bool {
    same(.list(left), .list(right))
}

/// What Python says about the frame `df` that `setup` builds: per column (by
/// position) its dtype, `tolist()` and `isna().tolist()`; labels; `to_dict()`.
private struct PandasFacts: ConvertibleFromPython {
    var dtypes: [String]
    var values: [[PythonValue]]
    var missing: [[Bool]]
    var labels: [PythonValue]
    var indexLabels: [PythonValue]
    var reference: PythonValue

    init(python object: BorrowedObject) throws(PythonConversionError) {
        (dtypes, values, missing, labels, indexLabels, reference) = try object.decodeTuple(
            [String].self, [[PythonValue]].self, [[Bool]].self, [PythonValue].self, [PythonValue].self, PythonValue.self)
    }

    static let code = """
    import warnings
    columns = [df.iloc[:, i] for i in range(df.shape[1])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # to_dict() warns about duplicate labels
        reference = df.to_dict()
    facts = ([str(c.dtype) for c in columns], [c.tolist() for c in columns], [c.isna().tolist() for c in columns],
             list(df.columns), list(df.index), reference)
    """
}

/// Converts the frame `df` built by `setup`, checks every column against
/// pandas (dtype, values, missing mask, label), the index labels, the
/// reference dictionary against `to_dict()`, and the round trip with
/// `assert_frame_equal`; returns the converted frame.
@discardableResult
private func verifiedFrame(_ setup: String, roundTrip: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws -> DataFrame {
    try python().withGIL { gil in
        let output = try gil.run("import numpy as np\nimport pandas as pd\n" + setup + "\n" + PandasFacts.code)
        let value = try output.value("df", as: PythonValue.self, gil)
        guard case let .dataFrame(frame) = value else {
            Issue.record("expected a DataFrame, got \(value)", sourceLocation: sourceLocation)
            return DataFrame(columns: [], index: .range(start: 0, stop: 0, step: 1, name: .none))
        }
        let facts = try output.value("facts", as: PandasFacts.self, gil)
        #expect(frame.columns.map(\.dtype) == facts.dtypes, "dtypes", sourceLocation: sourceLocation)
        #expect(same(frame.columns.map(\.name), facts.labels), "labels \(frame.columns.map(\.name)) vs \(facts.labels)", sourceLocation: sourceLocation)
        #expect(frame.rowCount == facts.indexLabels.count, sourceLocation: sourceLocation)
        #expect(same(frame.index.pythonLabels(), facts.indexLabels),
                "index \(frame.index.pythonLabels()) vs \(facts.indexLabels)", sourceLocation: sourceLocation)
        for (position, column) in frame.columns.enumerated() where position < facts.values.count {
            let values = column.values.pythonValues(dtype: column.dtype, boxingObjects: false)  // tolist() does not box
            #expect(same(values, facts.values[position]), "column \(position) \(column.name): \(values) vs \(facts.values[position])",
                    sourceLocation: sourceLocation)
            #expect(column.values.missing == facts.missing[position], "missing in column \(position) \(column.name)",
                    sourceLocation: sourceLocation)
        }
        let reference = frame.pythonDictionary()
        #expect(same(reference, facts.reference), "to_dict(): \(reference) vs \(facts.reference)", sourceLocation: sourceLocation)
        if roundTrip {
            let check = try gil.run("""
            import pandas as pd
            try:
                pd.testing.assert_frame_equal(value, expected, check_freq=False)
                problem = None
            except AssertionError as error:
                problem = str(error)
            """, inputs: ["value": frame, "expected": output.variable("df", gil)!.owned()])
            let problem = try check.value("problem", as: String?.self, gil)
            #expect(problem == nil, "round trip: \(problem ?? "")", sourceLocation: sourceLocation)
        }
        return frame
    }
}

/// The `Series` `s` built by `setup`, checked like ``verifiedFrame(_:roundTrip:sourceLocation:)``.
@discardableResult
private func verifiedSeries(_ setup: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Series {
    try python().withGIL { gil in
        let output = try gil.run("""
        import numpy as np
        import pandas as pd
        \(setup)
        facts = ([str(s.dtype)], [s.tolist()], [s.isna().tolist()], [s.name], list(s.index), s.to_dict())
        """)
        let series = try output.value("s", as: Series.self, gil)
        let facts = try output.value("facts", as: PandasFacts.self, gil)
        #expect(series.column.dtype == facts.dtypes.first, sourceLocation: sourceLocation)
        #expect(same([series.column.name], facts.labels), sourceLocation: sourceLocation)
        #expect(same(series.column.values.pythonValues(dtype: series.column.dtype, boxingObjects: false), facts.values.first ?? []), sourceLocation: sourceLocation)
        #expect(series.column.values.missing == facts.missing.first, sourceLocation: sourceLocation)
        #expect(same(series.index.pythonLabels(), facts.indexLabels), sourceLocation: sourceLocation)
        #expect(same(series.pythonDictionary(), facts.reference), "\(series.pythonDictionary()) vs \(facts.reference)",
                sourceLocation: sourceLocation)
        let check = try gil.run("""
        import pandas as pd
        try:
            pd.testing.assert_series_equal(value, expected, check_freq=False)
            problem = None
        except AssertionError as error:
            problem = str(error)
        """, inputs: ["value": series, "expected": output.variable("s", gil)!.owned()])
        let problem = try check.value("problem", as: String?.self, gil)
        #expect(problem == nil, "round trip: \(problem ?? "")", sourceLocation: sourceLocation)
        return series
    }
}

/// Runs `code` (numpy and pandas imported) and reads `name` as `T`.
private func pandasValue<T: ConvertibleFromPython>(_ code: String, _ name: String, as type: T.Type) throws -> T {
    try evaluate("import numpy as np\nimport pandas as pd\n" + code, name, as: T.self)
}

@Suite("pandas")
struct PandasTests {
    @Test func numericBoolAndTextColumnsComeFromTheirBuffers() throws {
        let frame = try verifiedFrame("""
        df = pd.DataFrame({"i": [1, -2, 3], "f": [0.5, np.nan, -np.inf], "b": [True, False, True], "s": ["x", "y", "日本"],
                           "u8": np.array([0, 200, 255], dtype=np.uint8), "f32": np.array([0.25, 1.5, np.nan], dtype=np.float32)})
        """)
        #expect(frame.columns.map(\.dtype) == ["int64", "float64", "bool", "str", "uint8", "float32"])
        guard case let .array(ints) = frame.columns[0].values, case let .array(floats) = frame.columns[1].values,
              case let .array(bools) = frame.columns[2].values, case let .strings(texts) = frame.columns[3].values else {
            Issue.record("unexpected storage: \(frame.columns.map(\.values))")
            return
        }
        #expect(ints.storage == .int64([1, -2, 3]))
        #expect(try floats.elements(as: Double.self)[1].isNaN)
        #expect(bools.storage == .bool([true, false, true]))
        #expect(texts == ["x", "y", "日本"])
        #expect(frame.index == .range(start: 0, stop: 3, step: 1, name: .none))
    }

    @Test func nullableExtensionColumnsKeepDataAndMask() throws {
        let frame = try verifiedFrame("""
        df = pd.DataFrame({"I": pd.array([1, None, 3], dtype="Int64"), "F": pd.array([0.5, None, 2.0], dtype="Float64"),
                           "B": pd.array([True, None, False], dtype="boolean"), "I8": pd.array([None, -8, 7], dtype="Int8"),
                           "U": pd.array([2**64 - 1, None, 0], dtype="UInt64"), "from_nan": pd.Series([1.0, np.nan, 3.0]).astype("Int64")})
        """)
        #expect(frame.columns.map(\.dtype) == ["Int64", "Float64", "boolean", "Int8", "UInt64", "Int64"])
        #expect(frame.columns[5].values.missing == [false, true, false])
        guard case let .masked(ints, missing) = frame.columns[0].values else {
            Issue.record("Int64 is not masked: \(frame.columns[0].values)")
            return
        }
        #expect(missing == [false, true, false])
        #expect(try ints.elements(as: Int64.self)[0] == 1 && ints.elements(as: Int64.self)[2] == 3)
        guard case let .masked(unsigned, _) = frame.columns[4].values else { Issue.record("UInt64"); return }
        #expect(try unsigned.elements(as: UInt64.self)[0] == .max)
    }

    @Test func nanInsideAFloat64ColumnIsDataNotMask() throws {
        // pandas 3 masks 0/0 in a Float64 column; NaN put into the data by hand stays NaN, not pd.NA.
        let computed = try verifiedFrame("""
        df = pd.DataFrame({"F": pd.array([0.0, None, 1.0], dtype="Float64")})
        df["F"] = df["F"] / df["F"]
        """)
        guard case let .masked(_, computedMissing) = computed.columns[0].values else { Issue.record("not masked"); return }
        #expect(computedMissing[1] && !computedMissing[2])
        let frame = try verifiedFrame("""
        df = pd.DataFrame({"F": pd.arrays.FloatingArray(np.array([np.nan, 0.5, 2.0]), np.array([False, True, False]))})
        """)
        guard case let .masked(data, missing) = frame.columns[0].values else { Issue.record("not masked"); return }
        #expect(missing == [false, true, false])
        #expect(try data.elements(as: Double.self)[0].isNaN)
    }

    @Test func missingTextIsNilWhateverPandasCalledIt() throws {
        let frame = try verifiedFrame("""
        df = pd.DataFrame({"str": pd.array(["a", None, "c"], dtype="str"), "string": pd.array(["a", pd.NA, None], dtype="string"),
                           "object": pd.Series(["a", None, "c"], dtype=object)})
        """)
        #expect(frame.columns.map(\.dtype) == ["str", "string", "object"])
        #expect(frame.columns[0].values == .strings(["a", nil, "c"]))
        #expect(frame.columns[1].values == .strings(["a", nil, nil]))
        #expect(frame.columns[2].values == .strings(["a", nil, "c"]))
        // pd.NA in an object column stays pd.NA (tolist() keeps it apart from None), so the column stays objects.
        let withNA = try verifiedFrame("df = pd.DataFrame({'object': pd.Series(['a', None, pd.NA], dtype=object)})")
        #expect(withNA.columns[0].values == .objects([.string("a"), .none, .missing(.notAvailable)]))
        // to_dict() tells the str dtype's NaN from the others' None.
        let reference = frame.pythonDictionary()
        guard case let .dict(columns) = reference, case let .dict(str)? = columns["str"], case let .dict(string)? = columns["string"] else {
            Issue.record("shape: \(reference)")
            return
        }
        #expect(str[.int(1)].map { same($0, .float(.nan)) } == true)
        #expect(string[.int(1)] == PythonValue.none)
    }

    @Test func objectColumnsWithNaNOrNonTextStayObjects() throws {
        // NaN in an object column stays a float: to_dict() gives nan there, not None.
        let frame = try verifiedFrame("""
        df = pd.DataFrame({"mixed": pd.Series([1, [2, 3], {"k": (4, None)}, None, np.nan, "text"], dtype=object),
                           "text_nan": pd.Series(["a", np.nan, "b", "c", "d", "e"], dtype=object),
                           "none_only": pd.Series([None] * 6, dtype=object),
                           "numpy": pd.Series([np.datetime64("2024-01-01T00:00:00.5"), np.timedelta64(-1, "us"), np.float32(0.5),
                                               np.int16(-3), np.datetime64("NaT", "s"), pd.Timestamp("2020-02-29 12:00", tz="UTC")], dtype=object)})
        """)
        guard case let .objects(mixed) = frame.columns[0].values else { Issue.record("mixed: \(frame.columns[0].values)"); return }
        #expect(mixed[0] == .int(1))
        #expect(mixed[1] == .list([.int(2), .int(3)]))
        #expect(mixed[2] == .dict(PythonDictionary([.init(key: .string("k"), value: .tuple([.int(4), .none]))])))
        #expect(mixed[3] == .none && same(mixed[4], .float(.nan)) && mixed[5] == .string("text"))
        guard case .objects = frame.columns[1].values, case .objects = frame.columns[2].values else {
            Issue.record("NaN-with-text or all-None object columns became text: \(frame.columns)")
            return
        }
    }

    @Test func datetimesWithNaTInEveryUnit() throws {
        let frame = try verifiedFrame("""
        stamps = ["2024-03-01 12:00:00.123456", None, "1969-12-31 23:59:59", "2262-04-11"]
        times = pd.to_datetime(stamps, format="ISO8601")
        df = pd.DataFrame({"us": times.as_unit("us"), "s": times.as_unit("s"), "ms": times.as_unit("ms")})
        df["ns"] = pd.to_datetime(["2024-03-01 12:00:00.123456789", None, "1677-09-22", "2000-02-29"], format="ISO8601").as_unit("ns")
        """)
        #expect(frame.columns.map(\.dtype) == ["datetime64[us]", "datetime64[s]", "datetime64[ms]", "datetime64[ns]"])
        guard case let .array(nanos) = frame.columns[3].values, case let .datetime64(ticks) = nanos.storage else {
            Issue.record("ns column: \(frame.columns[3].values)")
            return
        }
        #expect(ticks[0] == 1_709_294_400_123_456_789 && ticks[1] == .min)
    }

    @Test(arguments: ["UTC", "Europe/Zurich", "America/New_York", "+05:30", "-03:00"])
    func timeZoneAwareDatetimesKeepUTCTicksAndZone(_ zone: String) throws {
        let frame = try verifiedFrame("""
        local = pd.to_datetime(["2024-01-15 08:00", None, "2024-07-01 23:30:00.000001", "2024-03-31 01:59:59"], format="ISO8601").as_unit("us")
        df = pd.DataFrame({"t": local.tz_localize("\(zone)"), "t_ns": local.as_unit("ns").tz_localize("\(zone)")})
        utc = [df[c].dt.tz_convert("UTC").dt.tz_localize(None).array.asi8.tolist() for c in df.columns]
        """)
        #expect(frame.columns[0].dtype.hasSuffix(", \(zone == "UTC" ? "UTC" : zone.hasPrefix("+") || zone.hasPrefix("-") ? "UTC" + zone : zone)]"))
        let utc = try pandasValue("""
        local = pd.to_datetime(["2024-01-15 08:00", None, "2024-07-01 23:30:00.000001", "2024-03-31 01:59:59"], format="ISO8601").as_unit("us")
        x = pd.Series(local.tz_localize("\(zone)")).dt.tz_convert("UTC").dt.tz_localize(None).array.asi8.tolist()
        """, "x", as: [Int64].self)
        guard case let .zonedDatetimes(ticks, timeZone) = frame.columns[0].values else {
            Issue.record("not zoned: \(frame.columns[0].values)")
            return
        }
        #expect(timeZone == zone)
        #expect(ticks.storage == .datetime64(utc))
        #expect(ticks.dtype.unit == "us")
    }

    @Test func timedeltasWithNaTAndNegativeDurations() throws {
        let frame = try verifiedFrame("""
        df = pd.DataFrame({"td": pd.to_timedelta(["1 day 02:03:04.000005", None, "-1ns", "-3 days"]).as_unit("ns"),
                           "td_s": pd.to_timedelta([90, None, -1, 0], unit="s").as_unit("s")})
        """)
        guard case let .array(spans) = frame.columns[0].values, case let .timedelta64(ticks) = spans.storage else {
            Issue.record("timedelta: \(frame.columns[0].values)")
            return
        }
        #expect(ticks[1] == .min && ticks[2] == -1)
    }

    @Test func categoricalsAsCodesAndCategories() throws {
        let frame = try verifiedFrame("""
        df = pd.DataFrame({"c": pd.Categorical(["b", None, "a", "b"]),
                           "ordered": pd.Categorical(["lo", "hi", "mid", None], categories=["lo", "mid", "hi"], ordered=True),
                           "ints": pd.Categorical([3, None, 1, 3]), "floats": pd.Categorical([0.5, 1.5, None, 0.5]),
                           "times": pd.Categorical(pd.to_datetime(["2024-01-01", None, "2024-01-02", "2024-01-01"]))})
        """)
        #expect(frame.columns[0].values == .categorical(codes: [1, nil, 0, 1], categories: .strings(["a", "b"]), ordered: false))
        #expect(frame.columns[1].values == .categorical(codes: [0, 2, 1, nil], categories: .strings(["lo", "mid", "hi"]), ordered: true))
        guard case let .categorical(_, categories, _) = frame.columns[2].values, case let .array(levels) = categories else {
            Issue.record("int categories: \(frame.columns[2].values)")
            return
        }
        #expect(levels.storage == .int64([1, 3]))
    }

    @Test func nonStringAndDuplicateColumnLabels() throws {
        let frame = try verifiedFrame("""
        df = pd.DataFrame([[1, 2.5, "x"], [3, 4.5, "y"]], columns=pd.Index([7, 1.5, None], dtype=object))
        """)
        #expect(frame.columns.map(\.name) == [.int(7), .float(1.5), .none])
        let duplicated = try verifiedFrame("""
        df = pd.DataFrame([[1, "a", 2.0], [3, "b", 4.0]], columns=["v", "w", "v"])
        """)
        #expect(duplicated.columns.map(\.name) == [.string("v"), .string("w"), .string("v")])
        #expect(duplicated.columns.map(\.dtype) == ["int64", "str", "float64"])
        // to_dict() keeps the first position and the last column for "v".
        guard case let .dict(reference) = duplicated.pythonDictionary() else { Issue.record("shape"); return }
        #expect(reference.count == 2 && reference.entries[0].key == .string("v"))
        let tuples = try verifiedFrame("""
        df = pd.DataFrame({("a", 1): [1, 2], ("a", 2): [3.5, 4.5], ("b", 1): ["p", "q"]})
        """)
        #expect(tuples.columns.map(\.name) == [.tuple([.string("a"), .int(1)]), .tuple([.string("a"), .int(2)]), .tuple([.string("b"), .int(1)])])
    }

    @Test func rangeIndexKeepsStartStopStepAndName() throws {
        let frame = try verifiedFrame("""
        df = pd.DataFrame({"v": [1.0, 2.0, 3.0, 4.0]}, index=pd.RangeIndex(10, -2, -3, name="r"))
        """)
        #expect(frame.index == .range(start: 10, stop: -2, step: -3, name: .string("r")))
        #expect(frame.index.count == 4)
        let empty = DataIndex.range(start: 5, stop: 5, step: 2, name: .none)
        #expect(empty.count == 0 && empty.pythonLabels().isEmpty)
    }

    @Test func rangeLengthsMatchPythonEvenAtTheExtremes() throws {
        let cases: [(Int, Int, Int)] = [(0, 10, 3), (10, 0, -3), (5, 5, 1), (0, 10, -1), (Int.max, Int.min, 1), (Int.min, Int.max, Int.max),
                                        (Int.max, Int.min, Int.min), (Int.min + 1, Int.max, 2), (-7, 7, 7), (3, 4, 0)]
        for (start, stop, step) in cases {
            let expected = try pandasValue("""
            try:
                x = min(len(range(\(start), \(stop), \(step))), 2**63 - 1)
            except ValueError:  # step 0
                x = 0
            except OverflowError:
                x = 2**63 - 1
            """, "x", as: Int.self)
            #expect(DataIndex.range(start: start, stop: stop, step: step, name: .none).count == expected, "range(\(start), \(stop), \(step))")
        }
    }

    @Test func extremeTicksNeverTrap() throws {
        let ticks: [Int64] = [.max, .min + 1, .min, 1 << 62, -(1 << 62), 0]
        for unit in ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "generic"] {
            let dates = NDArray(dtype: NumpyDType(kind: .datetime, itemSize: 8, name: "datetime64[\(unit)]", unit: unit),
                                shape: [ticks.count], storage: .datetime64(ticks))
            let spans = NDArray(dtype: NumpyDType(kind: .timedelta, itemSize: 8, name: "timedelta64[\(unit)]", unit: unit),
                                shape: [ticks.count], storage: .timedelta64(ticks))
            #expect(ColumnValues.array(dates).pythonValues(dtype: "x").count == ticks.count)
            #expect(ColumnValues.zonedDatetimes(dates, timeZone: "Europe/Zurich").pythonValues(dtype: "x")[2] == .missing(.notATime))
            // Units without a fixed length (months, years, generic) or finer than ns stay numpy values.
            let zero: PythonValue = ["Y", "M", "ps", "generic"].contains(unit)
                ? .numpyTime(NumpyTime(kind: .timedelta, ticks: 0, unit: unit)) : .timedelta(PythonTimeDelta(days: 0, seconds: 0, microseconds: 0))
            #expect(ColumnValues.array(spans).pythonValues(dtype: "x").last == zero)
        }
    }

    @Test func datetimeIndexAndOtherIndexes() throws {
        let frame = try verifiedFrame("""
        df = pd.DataFrame({"v": [1, 2, 3]}, index=pd.date_range("2024-01-30", periods=3, freq="D", tz="Europe/Zurich", name="day"))
        """)
        guard case let .values(.zonedDatetimes(_, zone), dtype, name) = frame.index else { Issue.record("index: \(frame.index)"); return }
        #expect(zone == "Europe/Zurich" && dtype.hasSuffix(", Europe/Zurich]") && name == .string("day"))
        try verifiedFrame("df = pd.DataFrame({'v': [1, 2, 3]}, index=pd.DatetimeIndex(['2024-01-01', None, '2023-05-06'], name='t'))")
        try verifiedFrame("df = pd.DataFrame({'v': [1, 2, 3]}, index=pd.Index(['a', 'b', 'a'], name='letters'))")
        try verifiedFrame("df = pd.DataFrame({'v': [1, 2, 3]}, index=pd.Index([1.5, np.nan, 2.5]))")
        try verifiedFrame("df = pd.DataFrame({'v': [1, 2, 3]}, index=pd.array([4, None, 6], dtype='Int64'))")
        try verifiedFrame("df = pd.DataFrame({'v': [1, 2, 3]}, index=pd.CategoricalIndex(['x', 'y', 'x'], name='cat'))")
        try verifiedFrame("df = pd.DataFrame({'v': [1, 2, 3]}, index=pd.to_timedelta([1, 2, 3], unit='h'))")
    }

    @Test func multiIndexRowsAsTuplesWithNames() throws {
        let frame = try verifiedFrame("""
        df = pd.DataFrame({"v": [1.0, 2.0, 3.0]},
                          index=pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 1)], names=["letter", "number"]))
        """)
        #expect(frame.index == .multi(names: [.string("letter"), .string("number")],
                                      tuples: [[.string("a"), .int(1)], [.string("a"), .int(2)], [.string("b"), .int(1)]]))
        let index = try pandasValue("x = pd.MultiIndex.from_product([[1, 2], pd.to_datetime(['2024-01-01'])], names=['n', None])", "x", as: PythonValue.self)
        guard case let .index(.multi(names, tuples)) = index else { Issue.record("\(index)"); return }
        #expect(names == [.string("n"), .none])
        #expect(tuples.count == 2 && tuples[0].count == 2)
        if case .datetime = tuples[0][1] {} else { Issue.record("level value \(tuples[0][1])") }
        #expect(try pythonAgrees(try pandasValue("x = pd.MultiIndex.from_tuples([], names=['a', 'b'])", "x", as: DataIndex.self),
                                 "import pandas as pd\nok = isinstance(value, pd.MultiIndex) and len(value) == 0 and list(value.names) == ['a', 'b']"))
    }

    @Test func seriesWithNameAndIndex() throws {
        let series = try verifiedSeries("""
        s = pd.Series([1.5, None, 3.0], index=pd.Index(["x", "y", "z"], name="key"), name="price")
        """)
        #expect(series.column.name == .string("price"))
        #expect(series.index == .values(.strings(["x", "y", "z"]), dtype: "str", name: .string("key")))
        try verifiedSeries("s = pd.Series(pd.array([1, None], dtype='Int64'), name=('a', 1))")
        try verifiedSeries("s = pd.Series(pd.Categorical(['u', None, 'u']), index=pd.RangeIndex(0, 6, 2))")
        try verifiedSeries("s = pd.Series(pd.to_datetime(['2024-05-01', None]).tz_localize('Europe/Zurich'), name=0)")
        try verifiedSeries("s = pd.Series([], dtype='float64')")
        try verifiedSeries("s = pd.Series([1, 2], index=[0, 0])")
    }

    @Test func indexesConvertOnTheirOwn() throws {
        let index = try pandasValue("x = pd.Index([3, 1, 2], name='n')", "x", as: DataIndex.self)
        #expect(index == .values(.array(NDArray([Int64(3), 1, 2])), dtype: "int64", name: .string("n")))
        #expect(try evaluate("import pandas as pd\nx = pd.RangeIndex(3)") == .index(.range(start: 0, stop: 3, step: 1, name: .none)))
        #expect(try pythonAgrees(index, "import pandas as pd\nok = value.equals(pd.Index([3, 1, 2])) and value.name == 'n' and str(value.dtype) == 'int64'"))
        let dates = try pandasValue("x = pd.date_range('2024-01-01', periods=2, freq='h')", "x", as: DataIndex.self)
        #expect(try pythonAgrees(dates, "import pandas as pd\nexpected = pd.date_range('2024-01-01', periods=2, freq='h')\nok = value.equals(expected) and value.dtype == expected.dtype"))
    }

    @Test func emptyFrames() throws {
        let empty = try verifiedFrame("df = pd.DataFrame()")
        #expect(empty.columns.isEmpty && empty.rowCount == 0)
        #expect(empty.pythonDictionary() == .dict(PythonDictionary()))
        let noRows = try verifiedFrame("df = pd.DataFrame({'a': pd.Series([], dtype='int64'), 'b': pd.Series([], dtype='str'), 'c': pd.Series([], dtype='Int64')})")
        #expect(noRows.rowCount == 0 && noRows.columns.count == 3)
        try verifiedFrame("df = pd.DataFrame(columns=['a', 'b'])")
        let noColumns = try verifiedFrame("df = pd.DataFrame(index=[1, 2, 3])")
        #expect(noColumns.columns.isEmpty && noColumns.rowCount == 3)
        try verifiedFrame("df = pd.DataFrame({'t': pd.to_datetime([]).tz_localize('UTC'), 'c': pd.Categorical([])})")
    }

    @Test func aFrameInsideItsOwnCellIsACycleNotAHang() throws {
        do {
            _ = try evaluate("""
            import pandas as pd
            x = pd.DataFrame({"a": pd.Series([None, 1], dtype=object)})
            x.iloc[0, 0] = x
            """)
            Issue.record("no error for a frame containing itself")
        } catch let PyEmbedError.conversion(.cycle(path)) {
            #expect(path == "x.iloc[:, 0][0]")
        }
        do {
            _ = try evaluate("import pandas as pd\nx = pd.Series([None], dtype=object)\nx.iloc[0] = x")
            Issue.record("no error for a series containing itself")
        } catch PyEmbedError.conversion(.cycle) {}
        // The same frame twice (no cycle) converts twice.
        let twice = try evaluate("import pandas as pd\nf = pd.DataFrame({'a': [1]})\nx = [f, f]")
        guard case let .list(frames) = twice else { Issue.record("\(twice)"); return }
        #expect(frames.count == 2 && frames[0] == frames[1])
    }

    @Test func unconvertibleObjectsAreErrorsOrOpaqueNeverCrashes() throws {
        let value = try evaluate("""
        import pandas as pd
        class Broken:
            def __repr__(self):
                raise RuntimeError("no repr")
        x = pd.DataFrame({"o": pd.Series([Broken(), pd.Period("2024-01", freq="M")], dtype=object),
                          "p": pd.period_range("2024-01", periods=2, freq="M"), "iv": pd.interval_range(0, 2)})
        """)
        guard case let .dataFrame(frame) = value, case let .objects(cells) = frame.columns[0].values,
              case let .object(broken) = cells[0] else {
            Issue.record("\(value)")
            return
        }
        #expect(broken.typeName == "Broken" && broken.repr.contains("no repr"))
        #expect(frame.columns[1].dtype == "period[M]" && frame.columns[1].values.count == 2)
        // Opaque cells cannot be rebuilt: a typed error, not a crash.
        #expect(throws: PythonConversionError.self) {
            try python().withGIL { gil in _ = try frame.pythonObject(gil) }
        }
        do {
            _ = try evaluate("""
            import pandas as pd
            class Sneaky(pd.DataFrame):
                @property
                def _constructor(self):
                    return Sneaky
                def _get_column_array(self, i):
                    raise KeyError("gone")
            x = Sneaky({"a": [1]})
            """)
            Issue.record("no error for a frame whose columns cannot be read")
        } catch let PyEmbedError.conversion(.python(exception, _)) {
            #expect(exception.typeName == "KeyError")
        }
        #expect(throws: PyEmbedError.self) { try pandasValue("x = [1, 2]", "x", as: DataFrame.self) }
        #expect(throws: PyEmbedError.self) { try pandasValue("x = pd.DataFrame()", "x", as: Series.self) }
    }

    @Test func framesBuiltInSwiftBecomePandasFrames() throws {
        let frame = DataFrame(
            columns: [
                DataColumn(name: .string("n"), dtype: "Int32", values: .masked(NDArray([Int32(4), 0, -1]), missing: [false, true, false])),
                DataColumn(name: .int(2), dtype: "str", values: .strings(["a", nil, "c"])),
                DataColumn(name: .string("when"), dtype: "datetime64[s, Europe/Zurich]",
                           values: .zonedDatetimes(NDArray(dtype: NumpyDType(kind: .datetime, itemSize: 8, name: "datetime64[s]", unit: "s"),
                                                           shape: [3], storage: .datetime64([0, .min, 1_720_000_000])), timeZone: "Europe/Zurich")),
                DataColumn(name: .string("k"), dtype: "category", values: .categorical(codes: [1, 1, nil], categories: .strings(["p", "q"]), ordered: true)),
            ],
            index: .multi(names: [.string("a"), .none], tuples: [[.int(1), .string("x")], [.int(1), .string("y")], [.int(2), .string("x")]]))
        #expect(try pythonAgrees(frame, """
        import pandas as pd
        expected = pd.DataFrame({
            "n": pd.array([4, None, -1], dtype="Int32"), 2: pd.array(["a", None, "c"], dtype="str"),
            "when": pd.to_datetime([0, None, 1_720_000_000], unit="s").as_unit("s").tz_localize("UTC").tz_convert("Europe/Zurich"),
            "k": pd.Categorical(["q", "q", None], categories=["p", "q"], ordered=True)},
            index=pd.MultiIndex.from_tuples([(1, "x"), (1, "y"), (2, "x")], names=["a", None]))
        pd.testing.assert_frame_equal(value, expected)
        ok = True
        """))
        var broken = frame
        broken.columns[0].values = .strings(["too short"])
        #expect(throws: PythonConversionError.self) { try python().withGIL { gil in _ = try broken.pythonObject(gil) } }
        broken = frame
        broken.columns[3].values = .categorical(codes: [5, 0, 0], categories: .strings(["p"]), ordered: false)
        #expect(throws: PythonConversionError.self) { try python().withGIL { gil in _ = try broken.pythonObject(gil) } }
    }

    @Test func descriptionsSummarise() throws {
        let frame = try pandasValue("x = pd.DataFrame({'a': [1, 2, 3], 'b': ['x', 'y', 'z'], 3: [0.5, 1.5, 2.5]})", "x", as: DataFrame.self)
        #expect(frame.description == "DataFrame(3 rows × 3 columns: a int64, b str, 3 float64)")
        #expect(DataFrame(columns: [], index: .range(start: 0, stop: 1, step: 1, name: .none)).description == "DataFrame(1 row × 0 columns)")
        let series = try pandasValue("x = pd.Series([1.5], name='price')", "x", as: Series.self)
        #expect(series.description == "Series(price: 1 row, float64)")
        #expect(DataIndex.range(start: 0, stop: 10, step: 2, name: .string("r")).description == "RangeIndex(start: 0, stop: 10, step: 2, name: r)")
        let index = try pandasValue("x = pd.MultiIndex.from_tuples([(1, 2)], names=['a', 'b'])", "x", as: DataIndex.self)
        #expect(index.description == "MultiIndex(1 row, names: [a, b])")
        #expect("\(PythonValue.dataFrame(frame))" == frame.description)
    }

    @Test func wideNumericFrameIsFasterThanToDictAndJSON() throws {
        // Timing is reported, not asserted (machines differ); the values are checked.
        let setup = "import numpy as np\nimport pandas as pd\nrng = np.random.default_rng(0)\ndf = pd.DataFrame(rng.random((100_000, 5)), columns=list('abcde'))\ndf['e'] = (df['e'] * 1000).astype('int64')"
        let clock = ContinuousClock()
        let (frame, columnar, viaJSON, first) = try python().withGIL { gil in
            let output = try gil.run(setup)
            let object = output.variable("df", gil)!
            _ = try DataFrame(python: object)  // warm the helper module
            var frame: DataFrame?
            let columnar = try clock.measure { frame = try DataFrame(python: object) }
            var first: Double = 0
            let viaJSON = try clock.measure {
                let text = try gil.run("import json\ntext = json.dumps(df.to_dict())", inputs: ["df": object.owned()])
                    .value("text", as: String.self, gil)
                let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [String: Any]]
                first = decoded?["a"]?["0"] as? Double ?? .nan
            }
            return (frame!, columnar, viaJSON, first)
        }
        let ratio = viaJSON / columnar
        print("pandas 100k×5 numeric: columnar \(columnar), to_dict+json.dumps+JSONSerialization \(viaJSON), \(String(format: "%.0f", ratio))× faster")
        let mixed = try python().withGIL { gil in
            let output = try gil.run("""
            import numpy as np
            import pandas as pd
            n = 100_000
            df = pd.DataFrame({"f": np.arange(n) / 7, "I": pd.array(np.where(np.arange(n) % 10 == 0, None, np.arange(n)), dtype="Int64"),
                               "s": [f"row {i}" for i in range(n)], "t": pd.date_range("2024-01-01", periods=n, freq="min", tz="Europe/Zurich"),
                               "c": pd.Categorical(np.array(["a", "b", "c"])[np.arange(n) % 3])})
            """)
            let object = output.variable("df", gil)!
            return try clock.measure { _ = try DataFrame(python: object) }
        }
        print("pandas 100k rows (float, Int64, str, zoned datetime, category): columnar \(mixed)")
        #expect(frame.rowCount == 100_000 && frame.columns.count == 5)
        guard case let .array(a) = frame.columns[0].values else { Issue.record("a"); return }
        #expect(try a.elements(as: Double.self)[0] == first)
    }
}
