@testable import PyEmbed
import Testing

/// `pd.NA`, `NaT`, pure paths, `Period`, `Interval` and standalone pandas arrays
/// are typed values that go back to Python as what they were.
@Suite("pandas scalars, standalone arrays and pure paths")
struct PandasScalarTests {
    @Test func missingValuesAreExplicit() throws {
        let value = try roundTrip(
            "import pandas as pd\nx = [pd.NA, pd.NaT, None]",
            "import pandas as pd\nok = value[0] is pd.NA and value[1] is pd.NaT and value[2] is None")
        #expect(value == .list([.missing(.notAvailable), .missing(.notATime), .none]))
    }

    @Test func missingValuesInsideObjectSeriesAreMissing() throws {
        let value = try evaluate("import pandas as pd\nx = pd.Series(['a', pd.NA, pd.NaT, 1], dtype=object)")
        guard case let .series(series) = value, case let .objects(items) = series.column.values else {
            Issue.record("expected an object series, got \(value)")
            return
        }
        #expect(items == [.string("a"), .missing(.notAvailable), .missing(.notATime), .int(1)])
        #expect(series.column.values.missing == [false, true, true, false])
    }

    @Test func nullableArraysKeepTheirMask() throws {
        let value = try roundTrip(
            "import pandas as pd\nx = pd.array([1, None, 3], dtype='Int64')",
            "import pandas as pd\npd.testing.assert_extension_array_equal(value, x)\nok = True")
        guard case let .pandasArray(array) = value, case let .masked(data, missing) = array.values else {
            Issue.record("expected a nullable array, got \(value)")
            return
        }
        #expect(array.dtype == "Int64" && array.typeName == "IntegerArray" && data.count == 3 && missing == [false, true, false])
    }

    @Test func purePathsKeepTheirFlavour() throws {
        let value = try roundTrip(
            "import pathlib\nx = [pathlib.PurePosixPath('/srv/a b'), pathlib.PureWindowsPath('C:/data/run.h5'), pathlib.Path('/tmp/p')]",
            "import pathlib\nok = [type(v) for v in value] == [type(v) for v in x] and value == x")
        #expect(value == .list([
            .purePath(PythonPurePath(text: "/srv/a b", flavour: .posix)),
            .purePath(PythonPurePath(text: "C:\\data\\run.h5", flavour: .windows)),
            .path("/tmp/p"),
        ]))
        #expect(PythonValue.purePath(PythonPurePath(text: "C:\\data", flavour: .windows)).description == "PureWindowsPath('C:/data')")
    }

    @Test func periodsAndIntervalsAreTyped() throws {
        let value = try roundTrip(
            "import pandas as pd\nx = [pd.Period('2024-01', 'M'), pd.Period('2024Q2', 'Q-DEC'), pd.Interval(0, 1), pd.Interval(0.5, 2.5, closed='both'), pd.Interval(pd.Timestamp('2024-01-01'), pd.Timestamp('2024-01-02'), closed='left')]",
            "ok = value == x and [type(v) for v in value] == [type(v) for v in x] and [v.closed for v in value[2:]] == [v.closed for v in x[2:]]")
        guard case let .list(items) = value, items.count == 5 else {
            Issue.record("expected five values, got \(value)")
            return
        }
        #expect(items[0] == .period(PandasPeriod(ordinal: 648, frequency: "M", text: "2024-01")))
        guard case let .period(quarter) = items[1] else {
            Issue.record("expected a period, got \(items[1])")
            return
        }
        #expect(quarter.frequency == "Q-DEC" && quarter.text == "2024Q2")
        #expect(items[2] == .interval(PandasInterval(left: .int(0), right: .int(1), closed: .right, text: "(0, 1]")))
        #expect(items[3] == .interval(PandasInterval(left: .float(0.5), right: .float(2.5), closed: .both, text: "[0.5, 2.5]")))
        guard case let .interval(span) = items[4], case let .datetime(start) = span.left else {
            Issue.record("expected an interval of timestamps, got \(items[4])")
            return
        }
        #expect(start.date == PythonDate(year: 2024, month: 1, day: 1) && span.closed == .left)
        #expect(items[0].description == "Period('2024-01', 'M')" && items[2].description == "Interval(0, 1, closed='right')")
    }

    @Test(arguments: [
        "pd.Categorical(['b', 'a', None], categories=['a', 'b', 'c'], ordered=True)",
        "pd.arrays.SparseArray([0.0, 0.0, 1.5])",
        "pd.arrays.SparseArray([0, 0, 2], fill_value=0)",
        "pd.array([True, None], dtype='boolean')",
        "pd.array(['a', None], dtype='string')",
        "pd.array([0.5, 1.5])",
        "pd.array(pd.to_datetime(['2024-01-01', None]))",
        "pd.period_range('2024-01', periods=3, freq='M').array",
        "pd.interval_range(0, 3, closed='left').array",
    ])
    func standaloneArraysRoundTrip(_ code: String) throws {
        let value = try roundTrip(
            "import pandas as pd\nx = " + code,
            "import pandas as pd\npd.testing.assert_extension_array_equal(value, x)\nok = type(value) is type(x)")
        guard case let .pandasArray(array) = value else {
            Issue.record("expected a pandas array, got \(value)")
            return
        }
        #expect(array.count == 3 || array.count == 2)
    }

    @Test func categoricalsUseTheColumnType() throws {
        let value = try evaluate("import pandas as pd\nx = pd.Categorical(['b', 'a', None], categories=['a', 'b'], ordered=True)")
        guard case let .pandasArray(array) = value, case let .categorical(codes, categories, ordered) = array.values else {
            Issue.record("expected a categorical array, got \(value)")
            return
        }
        #expect(array.dtype == "category" && array.typeName == "Categorical")
        #expect(codes == [1, 0, nil] && ordered && categories.count == 2)
    }

    @Test func periodAndIntervalIndexesAndColumnsRoundTrip() throws {
        let value = try roundTrip(
            "import pandas as pd\nx = [pd.period_range('2024-01', periods=2, freq='M'), pd.interval_range(0, 2), pd.DataFrame({'p': pd.period_range('2024-01-01', periods=2, freq='D'), 'i': pd.interval_range(0.0, 1.0, periods=2)})]",
            "import pandas as pd\npd.testing.assert_index_equal(value[0], x[0])\npd.testing.assert_index_equal(value[1], x[1])\npd.testing.assert_frame_equal(value[2], x[2])\nok = True")
        guard case let .list(items) = value, case let .index(.values(periods, dtype, _)) = items[0] else {
            Issue.record("expected a period index, got \(value)")
            return
        }
        #expect(dtype == "period[M]")
        #expect(periods == .objects([
            .period(PandasPeriod(ordinal: 648, frequency: "M", text: "2024-01")), .period(PandasPeriod(ordinal: 649, frequency: "M", text: "2024-02")),
        ]))
    }
}
