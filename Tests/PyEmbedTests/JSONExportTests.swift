import Foundation
import PyEmbed
import Testing

/// The generic JSON export: strict RFC 8259 text, the plain default policy,
/// and a policy plugged in by the caller.
@Suite("JSON export")
struct JSONExportTests {
    @Test func numbersKeepTheirExactText() throws {
        let big = try #require(PythonInteger("-1180591620717411303424"))
        #expect(try PythonValue.int(big).jsonString() == "-1180591620717411303424")
        #expect(try PythonValue.list([.float(0.1), .float(-0.0), .float(1e16), .float(9.1e15), .float(1e-5)]).jsonString()
            == "[0.1,-0.0,1e+16,9100000000000000.0,1e-05]")
        #expect(JSONNumber(text: "-0.5e+3")?.text == "-0.5e+3")
        for invalid in ["", "01", "1.", ".5", "+1", "1e", "NaN", "Infinity", "0x10", "1 "] {
            #expect(JSONNumber(text: invalid) == nil, "\(invalid)")
        }
    }

    @Test func stringsAreEscapedAsPythonEscapesThem() throws {
        let text = try PythonValue.string("a\"b\\c\u{0}\u{1F}\u{7F}\u{2028}é\n").jsonString()
        #expect(text == #""a\"b\\c\u0000\u001f"# + "\u{7F}\u{2028}é" + #"\n""#)
    }

    @Test func valuesNestedBeyondTheLimitAreATypedError() throws {
        var deep = PythonValue.none
        for _ in 0..<(PythonValue.jsonDepthLimit + 1) { deep = .list([deep]) }
        #expect(throws: JSONExportError.tooDeep(limit: PythonValue.jsonDepthLimit)) { try deep.jsonData() }
        var fine = PythonValue.none
        for _ in 0..<PythonValue.jsonDepthLimit { fine = .list([fine]) }
        #expect(try fine.jsonData().count == 2 * PythonValue.jsonDepthLimit + 4)
    }

    @Test func thePlainPolicyWritesStrictJSONForEveryKindOfValue() throws {
        let value = try evaluate(Self.everyKind)
        guard case let .list(items) = value else { Issue.record("unexpected conversion \(value)"); return }
        #expect(Set(items.map(Self.caseName)) == Self.allCaseNames)
        let data = try value.jsonData()
        let text = String(decoding: data, as: UTF8.self)
        for marker in ["_serialization", "_type", "converted_to_string", "matplotlib_figure", "NaN", "Infinity"] {
            #expect(!text.contains(marker), "\(marker) in \(text)")
        }
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [Any])
        #expect(parsed.count == items.count)
        let written = Dictionary(zip(items.map(Self.caseName), parsed), uniquingKeysWith: { first, _ in first })
        #expect(written["float"] as? Double == 2.5)
        #expect(written["complex"] as? [String: Double] == ["real": 1, "imag": 2])
        #expect(written["bytes"] as? String == "b'raw'")
        #expect(written["set"] as? [Int] == [1, 2] && written["frozenset"] as? [Int] == [3])
        #expect((written["array"] as? [[Any]])?.map { $0.map { $0 is NSNull ? nil : $0 as? Double } } == [[1.0, nil], [nil, 2.0]])
        #expect(written["missing"] is NSNull)
        #expect(written["datetime"] as? String == "2024-01-02T03:04:05" && written["date"] as? String == "2024-01-02")
        #expect(written["dataFrame"] as? [String: [String: Double]] == ["a": ["2024-01-01 00:00:00": 1.5, "2024-01-02 00:00:00": 2.5]])
        #expect(written["series"] as? [Int] == [1, 2])
        #expect(written["decimal"] as? String == "1.50" && written["path"] as? String == "/tmp/a")
        #expect(written["record"] as? [String: Double] == ["x": 1, "y": 2])
        let keys = try #require(written["dict"] as? [String: String])
        #expect(keys == ["k": "str", "2": "int", "(1, 2)": "tuple", "None": "none"])
        #expect(written["object"] as? String == "a widget")
    }

    @Test func aPolicyPluggedInDecidesWhatJSONHasNoFormFor() throws {
        let value = try evaluate("import numpy as np\nx = {1: {5}, 'a': np.array([1j, 2])}")
        #expect(try value.jsonString(policy: TaggingPolicy()) == #"{"int":{"set":[5]},"a":[[0.0,1.0],[2.0,0.0]]}"#)
        #expect(try value.jsonString() == #"{"1":[5],"a":[{"real":0.0,"imag":1.0},{"real":2.0,"imag":0.0}]}"#)
        let refused = try evaluate("x = {(1, 2): 'pair'}")
        #expect(throws: JSONExportError.unwritableKey("only int keys")) { try refused.jsonData(policy: TaggingPolicy()) }
    }

    /// Sets as `{"set": [...]}`, complex numbers as pairs, int keys as `"int"`; refuses other keys.
    private struct TaggingPolicy: PythonValueJSONPolicy {
        func json(for value: PythonValue, encoder: inout PythonValueJSONEncoder) throws(PythonValueJSONEncoder.Failure) -> JSONValue {
            switch value {
            case let .set(members): return .object([JSONMember("set", try encoder.array(members))])
            case let .complex(real, imaginary): return .array([.number(real), .number(imaginary)])
            case let .array(array): return try encoder.list(of: array)
            default: return .string("?")
            }
        }

        func key(for key: PythonValue) throws(PythonValueJSONEncoder.Failure) -> String {
            guard case .int = key else { throw .unwritableKey("only int keys") }
            return "int"
        }
    }

    /// One value of each ``PythonValue`` case (the first of a case names it in the checks).
    static let everyKind = """
        import datetime, decimal, enum, pathlib
        from dataclasses import dataclass
        import numpy as np, pandas as pd
        from matplotlib.figure import Figure
        class Color(enum.Enum):
            RED = 1
        @dataclass
        class Point:
            x: int
            y: float
        class Widget:
            def __str__(self):
                return 'a widget'
        figure = Figure()  # not pyplot's: nothing process-wide, while other suites plot
        axes = figure.add_subplot()
        axes.plot([1, 2], [3, float('nan')])
        x = [None, True, 3, 2.5, float('nan'), -float('inf'), 1+2j, 'text', b'raw', bytearray(b'ba'), [1], (2,),
             {'k': 'str', 2: 'int', (1, 2): 'tuple', None: 'none'}, {1, 2}, frozenset({3}),
             np.array([[1.0, np.nan], [np.inf, 2.0]]), np.ma.masked_array([1, 2], mask=[False, True]),
             pd.NA, np.ma.masked, pd.NaT, np.datetime64('2024-01-02T03:04'),
             pd.DataFrame({'a': [1.5, 2.5]}, index=pd.to_datetime(['2024-01-01', '2024-01-02'])),
             pd.DataFrame({'b': pd.to_timedelta(['1 day', None]), 'c': pd.array([1, None], dtype='Int64')}, index=pd.to_timedelta(['1h', '2h'])),
             pd.Series([1, 2], index=['p', 'q']), pd.Index([3, 4]), pd.array([1, None], dtype='Int64'),
             pd.Period('2024-01', 'M'), pd.Interval(0, 1), figure,
             datetime.datetime(2024, 1, 2, 3, 4, 5), datetime.date(2024, 1, 2), datetime.time(1, 2), datetime.timedelta(days=1),
             decimal.Decimal('1.50'), pathlib.Path('/tmp/a'), pathlib.PureWindowsPath('c:/x'), Color.RED, Point(1, 2.0), Widget()]
        """

    static let allCaseNames: Set<String> = [
        "none", "bool", "int", "float", "complex", "string", "bytes", "bytearray", "list", "tuple", "dict", "set", "frozenset",
        "array", "maskedArray", "missing", "numpyTime", "dataFrame", "series", "index", "pandasArray", "period", "interval",
        "figure", "datetime", "date", "time", "timedelta", "decimal", "path", "purePath", "enumMember", "record", "object",
    ]

    /// The case's name; exhaustive, so a new case fails to compile until the checks know it.
    static func caseName(_ value: PythonValue) -> String {
        switch value {
        case .none: return "none"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .complex: return "complex"
        case .string: return "string"
        case .bytes: return "bytes"
        case .bytearray: return "bytearray"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .set: return "set"
        case .frozenset: return "frozenset"
        case .array: return "array"
        case .maskedArray: return "maskedArray"
        case .missing: return "missing"
        case .numpyTime: return "numpyTime"
        case .dataFrame: return "dataFrame"
        case .series: return "series"
        case .index: return "index"
        case .pandasArray: return "pandasArray"
        case .period: return "period"
        case .interval: return "interval"
        case .figure: return "figure"
        case .datetime: return "datetime"
        case .date: return "date"
        case .time: return "time"
        case .timedelta: return "timedelta"
        case .decimal: return "decimal"
        case .path: return "path"
        case .purePath: return "purePath"
        case .enumMember: return "enumMember"
        case .record: return "record"
        case .object: return "object"
        }
    }
}
