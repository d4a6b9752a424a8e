import Foundation
@testable import PyEmbed
import Testing

@Suite("Standard library values")
struct StandardValueTests {
    // MARK: - datetime

    /// Python's own view of `x`: `(year, …, microsecond, nanosecond, offset seconds or None, zone name or None)`.
    private static let datetimeFacts = """
    def zone_name(v):
        if v.utcoffset() is None:
            return None
        if v.tzinfo is datetime.timezone.utc:
            return "UTC"
        return getattr(v.tzinfo, "key", None) or v.tzname()
    offset = x.utcoffset()
    expected = (x.year, x.month, x.day, x.hour, x.minute, x.second, x.microsecond, getattr(x, "nanosecond", 0),
                None if offset is None else offset.total_seconds(), zone_name(x), x.isoformat())
    """

    private static func facts(_ value: PythonDateTime) -> PythonValue {
        let zone = value.time.timeZone
        return .tuple([
            .int(PythonInteger(value.date.year)), .int(PythonInteger(value.date.month)), .int(PythonInteger(value.date.day)),
            .int(PythonInteger(value.time.hour)), .int(PythonInteger(value.time.minute)), .int(PythonInteger(value.time.second)),
            .int(PythonInteger(value.time.microsecond)), .int(PythonInteger(value.nanosecond)),
            zone.map { .float($0.utcOffsetSeconds) } ?? .none, zone?.name.map(PythonValue.string) ?? .none,
            .string(value.description),
        ])
    }

    static let datetimeCases: [(expression: String, zoneName: String?)] = [
        ("datetime.datetime(2024, 2, 29, 13, 14, 15, 123456)", nil),
        ("datetime.datetime(1999, 12, 31, 23, 59, 59, 1, tzinfo=datetime.timezone.utc)", "UTC"),
        ("datetime.datetime(2024, 7, 1, 9, 30, tzinfo=ZoneInfo('Europe/Zurich'))", "Europe/Zurich"),
        ("datetime.datetime(2024, 1, 15, 9, 30, tzinfo=ZoneInfo('Europe/Zurich'))", "Europe/Zurich"),
        // The repeated hour when DST ends: fold 0 is CEST (+2), fold 1 is CET (+1).
        ("datetime.datetime(2023, 10, 29, 2, 30, tzinfo=ZoneInfo('Europe/Zurich'), fold=0)", "Europe/Zurich"),
        ("datetime.datetime(2023, 10, 29, 2, 30, tzinfo=ZoneInfo('Europe/Zurich'), fold=1)", "Europe/Zurich"),
        ("datetime.datetime(2020, 5, 17, 8, 0, 0, 999999, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30)))", "UTC+05:30"),
        ("datetime.datetime(2020, 5, 17, 8, 0, tzinfo=datetime.timezone(-datetime.timedelta(hours=3), 'BRT'))", "BRT"),
        ("datetime.datetime.min", nil),
        ("datetime.datetime.max", nil),
    ]

    @Test(arguments: datetimeCases)
    func datetimesMatchPythonAndRoundTrip(_ testCase: (expression: String, zoneName: String?)) throws {
        let setup = "import datetime\nfrom zoneinfo import ZoneInfo\nx = \(testCase.expression)\n"
        let (value, expected) = try Self.evaluateWithExpectation(setup + Self.datetimeFacts)
        guard case let .datetime(datetime) = value else {
            Issue.record("expected datetime, got \(value)")
            return
        }
        #expect(Self.facts(datetime) == expected)
        #expect(datetime.time.timeZone?.name == testCase.zoneName)
        // Back in Python: the same wall time, the same offset, the same kind of zone.
        #expect(try pythonAgrees(value, setup + """
        same_zone = (x.tzinfo is None and value.tzinfo is None) or type(value.tzinfo) is type(x.tzinfo)
        ok = (type(value) is datetime.datetime and value.replace(tzinfo=None) == x.replace(tzinfo=None)
              and value.utcoffset() == x.utcoffset() and value.tzname() == x.tzname() and same_zone)
        """))
    }

    @Test func dstFoldIsRecoveredFromTheOffset() throws {
        for fold in [0, 1] {
            let setup = "import datetime\nfrom zoneinfo import ZoneInfo\nx = datetime.datetime(2023, 10, 29, 2, 30, tzinfo=ZoneInfo('Europe/Zurich'), fold=\(fold))\n"
            let value = try evaluate(setup)
            #expect(try pythonAgrees(value, setup + "ok = value.fold == x.fold and value.tzinfo is x.tzinfo and value.timestamp() == x.timestamp()"))
        }
        // A zone name that disagrees with the offset falls back to a fixed offset, keeping the instant.
        let odd = PythonDateTime(
            date: PythonDate(year: 2024, month: 7, day: 1),
            time: PythonTime(hour: 12, minute: 0, second: 0, timeZone: PythonTimeZone(utcOffsetSeconds: 3 * 3600, name: "Europe/Zurich")))
        #expect(try pythonAgrees(odd, """
        import datetime
        ok = (type(value.tzinfo) is datetime.timezone and value.utcoffset() == datetime.timedelta(hours=3)
              and value.tzname() == 'Europe/Zurich')
        """))
    }

    @Test func naiveAndAwareDatetimesBridgeToFoundation() throws {
        let (value, expected) = try Self.evaluateWithExpectation("""
        import datetime
        from zoneinfo import ZoneInfo
        x = datetime.datetime(2023, 10, 29, 2, 30, 0, 250000, tzinfo=ZoneInfo('Europe/Zurich'), fold=1)
        expected = x.timestamp()
        """)
        guard case let .datetime(aware) = value, case let .float(timestamp) = expected else {
            Issue.record("expected datetime and float")
            return
        }
        let date = try #require(aware.foundationDate)
        #expect(abs(date.timeIntervalSince1970 - timestamp) < 1e-6)
        guard case let .datetime(naive) = try evaluate("import datetime\nx = datetime.datetime(2024, 1, 1)") else {
            Issue.record("expected datetime")
            return
        }
        #expect(naive.foundationDate == nil)

        // Foundation → Python: the same instant, in the zone asked for.
        let instant = Date(timeIntervalSince1970: 1_700_000_000.123456)
        let zurich = try #require(TimeZone(identifier: "Europe/Zurich"))
        #expect(try pythonAgrees(PythonDateTime(instant, timeZone: zurich), """
        import datetime
        from zoneinfo import ZoneInfo
        ok = value == datetime.datetime.fromtimestamp(1_700_000_000.123456, ZoneInfo('Europe/Zurich')) and value.tzinfo is ZoneInfo('Europe/Zurich')
        """))
        let india = try #require(TimeZone(secondsFromGMT: 19_800))
        #expect(try pythonAgrees(PythonDateTime(instant, timeZone: india), """
        import datetime
        tz = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
        ok = value == datetime.datetime.fromtimestamp(1_700_000_000.123456, tz) and value.tzinfo == tz and value.tzname() == 'UTC+05:30'
        """))
        let before1970 = Date(timeIntervalSince1970: -1_234_567_890.5)
        #expect(try pythonAgrees(PythonDateTime(before1970, timeZone: .gmt), """
        import datetime
        ok = value == datetime.datetime(1930, 11, 18, 0, 28, 29, 500000, tzinfo=datetime.timezone.utc) and value.tzinfo is datetime.timezone.utc
        """))
        #expect(PythonDateTime(before1970, timeZone: .gmt).foundationDate == before1970)
    }

    @Test func pandasTimestampKeepsNanosecondsAndZone() throws {
        let setup = "import datetime, pandas as pd\nx = pd.Timestamp('2024-03-31 01:59:59.123456789', tz='Europe/Zurich')\n"
        let (value, expected) = try Self.evaluateWithExpectation(setup + Self.datetimeFacts)
        guard case let .datetime(timestamp) = value else {
            Issue.record("expected datetime, got \(value)")
            return
        }
        #expect(Self.facts(timestamp) == expected)
        #expect(timestamp.nanosecond != 0 && timestamp.time.timeZone?.name == "Europe/Zurich")
        #expect(try pythonAgrees(value, setup + "ok = isinstance(value, pd.Timestamp) and value == x and value.nanosecond == x.nanosecond and str(value.tz) == str(x.tz)"))

        let utc = "import datetime, pandas as pd\nx = pd.Timestamp('1677-09-22 00:12:43.145224193', tz='UTC')\n"
        let (utcValue, utcExpected) = try Self.evaluateWithExpectation(utc + Self.datetimeFacts)
        guard case let .datetime(early) = utcValue else {
            Issue.record("expected datetime")
            return
        }
        #expect(Self.facts(early) == utcExpected)
        #expect(try pythonAgrees(utcValue, utc + "ok = value == x and value.nanosecond == x.nanosecond"))
    }

    // MARK: - date, time, timedelta

    @Test(arguments: ["datetime.date.min", "datetime.date.max", "datetime.date(2024, 2, 29)", "datetime.date(1970, 1, 1)"])
    func datesMatchPythonAndRoundTrip(_ expression: String) throws {
        let setup = "import datetime\nx = \(expression)\n"
        let (value, expected) = try Self.evaluateWithExpectation(setup + "expected = (x.year, x.month, x.day, x.isoformat())")
        guard case let .date(date) = value else {
            Issue.record("expected date, got \(value)")
            return
        }
        #expect(expected == .tuple([.int(PythonInteger(date.year)), .int(PythonInteger(date.month)), .int(PythonInteger(date.day)), .string(date.description)]))
        #expect(try pythonAgrees(value, setup + "ok = type(value) is datetime.date and value == x"))
    }

    @Test(arguments: [
        "datetime.time(0, 0)",
        "datetime.time(23, 59, 59, 999999)",
        "datetime.time(12, 30, 5, 42, tzinfo=datetime.timezone.utc)",
        "datetime.time(7, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=-3, minutes=-30)))",
        "datetime.time(7, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=1), 'CET'))",
        "datetime.time(1, 2, 3, 4, tzinfo=datetime.timezone(datetime.timedelta(seconds=-3601, microseconds=5)))",
    ])
    func timesMatchPythonAndRoundTrip(_ expression: String) throws {
        let setup = "import datetime\nx = \(expression)\n"
        let (value, expected) = try Self.evaluateWithExpectation(setup + """
        offset = x.utcoffset()
        name = None if offset is None else ("UTC" if x.tzinfo is datetime.timezone.utc else x.tzname())
        expected = (x.hour, x.minute, x.second, x.microsecond, None if offset is None else offset.total_seconds(), name, x.isoformat())
        """)
        guard case let .time(time) = value else {
            Issue.record("expected time, got \(value)")
            return
        }
        #expect(expected == .tuple([
            .int(PythonInteger(time.hour)), .int(PythonInteger(time.minute)), .int(PythonInteger(time.second)),
            .int(PythonInteger(time.microsecond)), time.timeZone.map { .float($0.utcOffsetSeconds) } ?? .none,
            time.timeZone?.name.map(PythonValue.string) ?? .none, .string(time.description),
        ]))
        #expect(try pythonAgrees(value, setup + "ok = type(value) is datetime.time and value == x and value.utcoffset() == x.utcoffset() and value.tzname() == x.tzname()"))
    }

    @Test func timeWithZoneInfoIsNaiveAsPythonDefinesIt() throws {
        // A ZoneInfo gives a bare time no utcoffset(), so Python calls it naive.
        guard case let .time(time) = try evaluate("import datetime, zoneinfo\nx = datetime.time(9, tzinfo=zoneinfo.ZoneInfo('Europe/Zurich'))\nassert x.utcoffset() is None") else {
            Issue.record("expected time")
            return
        }
        #expect(time.timeZone == nil && time.hour == 9)
    }

    @Test(arguments: [
        "datetime.timedelta(microseconds=-1)",
        "datetime.timedelta(days=-3, hours=5, microseconds=7)",
        "datetime.timedelta(seconds=-86401)",
        "datetime.timedelta(days=1)",
        "datetime.timedelta(days=2, hours=1, minutes=2, seconds=3)",
        "datetime.timedelta.max",
        "datetime.timedelta.min",
        "pd.Timedelta(-1, 'ns')",
        "pd.Timedelta('1 days 02:03:04.000005678')",
    ])
    func timedeltasAreNormalisedLikePython(_ expression: String) throws {
        let setup = "import datetime, pandas as pd\nx = \(expression)\n"
        let (value, expected) = try Self.evaluateWithExpectation(setup + """
        y = datetime.timedelta(days=x.days, seconds=x.seconds, microseconds=x.microseconds)  # what fits
        expected = (x.days, x.seconds, x.microseconds, y.total_seconds(), str(y))
        """)
        guard case let .timedelta(delta) = value else {
            Issue.record("expected timedelta, got \(value)")
            return
        }
        #expect(expected == .tuple([
            .int(PythonInteger(delta.days)), .int(PythonInteger(delta.seconds)), .int(PythonInteger(delta.microseconds)),
            .float(delta.timeInterval), .string(delta.description),
        ]))
        #expect(delta.normalized == delta)
        #expect(try pythonAgrees(value, setup + "ok = type(value) is datetime.timedelta and value == datetime.timedelta(days=x.days, seconds=x.seconds, microseconds=x.microseconds)"))
    }

    @Test func unnormalisedSwiftTimedeltasNormaliseLikePython() throws {
        for delta in [
            PythonTimeDelta(days: 0, seconds: -1, microseconds: 0),
            PythonTimeDelta(days: 1, seconds: 90_000, microseconds: -2_500_000),
            PythonTimeDelta(days: -2, seconds: 0, microseconds: 86_400_000_001),
        ] {
            let normal = delta.normalized
            #expect(try pythonAgrees(delta, """
            import datetime
            ok = (value == datetime.timedelta(days=\(delta.days), seconds=\(delta.seconds), microseconds=\(delta.microseconds))
                  and (value.days, value.seconds, value.microseconds) == (\(normal.days), \(normal.seconds), \(normal.microseconds))
                  and str(value) == \(PythonValue.string(delta.description)))
            """))
        }
    }

    // MARK: - Decimal

    @Test(arguments: ["'1.10'", "'-0'", "'NaN'", "'-sNaN12'", "'Infinity'", "'-Infinity'", "'1E+3'", "'0.000'",
                      "'3.' + '1415926535' * 20", "'-12345678901234567890123456789012345678901234567890E-70'"])
    func decimalsAreExact(_ text: String) throws {
        let setup = "import decimal\nx = decimal.Decimal(\(text))\n"
        let (value, expected) = try Self.evaluateWithExpectation(setup + "expected = str(x)")
        #expect(value == .decimal(PythonDecimal(try #require(expected.stringValue))))
        #expect(try pythonAgrees(value, setup + """
        same = value.compare_total(x) == 0  # also tells -0 from 0, 1.10 from 1.1, NaN payloads apart
        ok = type(value) is decimal.Decimal and str(value) == str(x) and same
        """))
    }

    @Test func decimalsBridgeToFoundationOnlyWhenExact() throws {
        let posix = Locale(identifier: "en_US_POSIX")
        #expect(PythonDecimal("1.10").decimal == Decimal(string: "1.1", locale: posix))
        #expect(PythonDecimal("1E+3").decimal == Decimal(1000))
        #expect(PythonDecimal("-0").decimal == Decimal.zero)
        #expect(PythonDecimal("-12.5E-2").decimal == Decimal(string: "-0.125", locale: posix))
        #expect(PythonDecimal("NaN").decimal?.isNaN == true)
        #expect(PythonDecimal("Infinity").decimal == nil)
        #expect(PythonDecimal("sNaN").decimal == nil)
        // 50 significant digits do not fit a 128-bit mantissa.
        #expect(PythonDecimal("1." + String(repeating: "3", count: 49)).decimal == nil)
        #expect(PythonDecimal("1E-200").decimal == nil)
        #expect(PythonDecimal("not a number").decimal == nil)
        // The text Python prints for a Foundation value's description reads back equal.
        let digits = "12345678901234567890123456789012345678"
        #expect(try pythonAgrees(PythonDecimal(try #require(PythonDecimal(digits).decimal).description), "import decimal\nok = value == decimal.Decimal('\(digits)')"))
    }

    @Test func badDecimalTextIsATypedError() throws {
        do {
            _ = try pythonAgrees(PythonDecimal("1.2.3"), "ok = True")
            Issue.record("no error")
        } catch let PyEmbedError.conversion(.python(exception, path)) {
            #expect(exception.typeName == "decimal.InvalidOperation")
            #expect(path == "input 'value'")
        }
    }

    // MARK: - paths

    @Test(arguments: ["pathlib.PurePosixPath('/tmp/a b/c.txt')", "pathlib.Path('relative/dir')", "pathlib.Path('/')", "pathlib.PurePosixPath('üñí/✓')"])
    func pathsAreTheirText(_ expression: String) throws {
        let setup = "import pathlib\nx = \(expression)\n"
        let (value, expected) = try Self.evaluateWithExpectation(setup + "expected = str(x)")
        let text = try #require(expected.stringValue)
        // A pure path stays pure (the reference writes it through its string fallback, not as a Path).
        #expect(value == (expression.contains("Pure") ? .purePath(PythonPurePath(text: text, flavour: .posix)) : .path(text)))
        #expect(try pythonAgrees(value, setup + "ok = type(value) is type(x) and str(value) == str(x)"))
    }

    // MARK: - enums

    /// Enums in an importable module, so that Swift → Python can find their classes.
    private static let enumModule = """
    import enum, sys, types
    M = sys.modules.get('pyembed_test_enums')
    if M is None:
        M = types.ModuleType('pyembed_test_enums')
        exec('''
    import enum
    class Color(enum.Enum):
        RED = 1
        GREEN = 2
    class Level(enum.IntEnum):
        LOW = 10
        HIGH = 20
    class Mode(enum.StrEnum):
        READ = 'r'
        WRITE = 'w'
    class Perm(enum.Flag):
        R = 4
        W = 2
        X = 1
    class Outer:
        class Shape(enum.Enum):
            POINT = (0, 0)
            UNIT = (1, 1)
    ''', M.__dict__)
        sys.modules['pyembed_test_enums'] = M

    """

    @Test(arguments: ["M.Color.GREEN", "M.Level.HIGH", "M.Mode.WRITE", "M.Perm.R", "M.Perm.R | M.Perm.W", "M.Perm(0)", "M.Outer.Shape.UNIT"])
    func enumMembersKeepClassNameAndValue(_ expression: String) throws {
        let setup = Self.enumModule + "x = \(expression)\n"
        let (value, expected) = try Self.evaluateWithExpectation(setup + "expected = (type(x).__qualname__, type(x).__module__, x.name or '', x.value)")
        guard case let .enumMember(member) = value else {
            Issue.record("expected an enum member, got \(value)")
            return
        }
        #expect(expected == .tuple([.string(member.typeName), .string(member.module), .string(member.name), member.value]))
        #expect(try pythonAgrees(value, setup + "ok = value is x"))
    }

    @Test func intAndStrEnumsAreMembersNotScalars() throws {
        let level = try evaluate(Self.enumModule + "x = M.Level.LOW")
        #expect(level == .enumMember(PythonEnumMember(typeName: "Level", module: "pyembed_test_enums", name: "LOW", value: .int(10))))
        let status = try evaluate("import http\nx = http.HTTPStatus.NOT_FOUND")
        #expect(status == .enumMember(PythonEnumMember(typeName: "HTTPStatus", module: "http", name: "NOT_FOUND", value: .int(404))))
        #expect(try pythonAgrees(status, "import http\nok = value is http.HTTPStatus.NOT_FOUND"))
        #expect(try pythonAgrees([status, level], Self.enumModule + "import http\nok = value == [http.HTTPStatus.NOT_FOUND, M.Level.LOW]"))
    }

    @Test func enumClassesThatCannotBeFoundGiveClearErrors() throws {
        let local = try evaluate("import enum\nclass Local(enum.Enum):\n    A = 1\nx = Local.A")
        #expect(local == .enumMember(PythonEnumMember(typeName: "Local", module: "__main__", name: "A", value: .int(1))))
        for (member, fragment) in [
            (local, "__main__.Local not found"),
            (PythonEnumMember(typeName: "Color", module: "pyembed_test_enums", name: "BLUE", value: .int(3)), "has no member 'BLUE'"),
            (PythonEnumMember(typeName: "Color", module: "no_such_module_xyz", name: "RED", value: .int(1)), "cannot import module 'no_such_module_xyz'"),
            (PythonEnumMember(typeName: "OrderedDict", module: "collections", name: "A", value: .int(1)), "is not an enum.Enum class"),
        ] as [(any ConvertibleToPython, String)] {
            _ = try evaluate(Self.enumModule + "x = 0")  // makes sure the test module exists
            do {
                _ = try pythonAgrees(member, "ok = True")
                Issue.record("no error for \(member)")
            } catch let PyEmbedError.conversion(.python(exception, _)) {
                #expect(exception.message.contains(fragment), "\(exception.message)")
            }
        }
    }

    // MARK: - dataclasses and to_dict()

    private static let dataclassModule = """
    import dataclasses
    from dataclasses import dataclass, field

    @dataclass
    class Point:
        x: int
        y: float

    @dataclass
    class Shape:
        name: str
        points: list
        origin: Point
        tags: dict = field(default_factory=dict)
        count: dataclasses.InitVar[int] = 0

    @dataclass(frozen=True)
    class Frozen:
        key: str
        value: tuple

    def make():
        return Shape('triangle', [Point(0, 0.5), Point(3, 4.0)], Point(-1, 2.0), {'a': None})

    """

    @Test func dataclassesBecomeRecordsInFieldOrder() throws {
        let (value, expected) = try Self.evaluateWithExpectation(Self.dataclassModule + """
        x = make()
        expected = [f.name for f in dataclasses.fields(x)]
        """)
        guard case let .record(record) = value, case let .dict(fields) = record.fields else {
            Issue.record("expected a record, got \(value)")
            return
        }
        #expect(record.typeName == "Shape" && record.module == "__main__" && record.origin == .dataclass)
        #expect(expected == .list(fields.map(\.key)))
        #expect(fields["origin"] == .record(PythonRecord(
            typeName: "Point", module: "__main__", origin: .dataclass,
            fields: .dict(PythonDictionary([.init(key: .string("x"), value: .int(-1)), .init(key: .string("y"), value: .float(2))])))))
        guard case let .list(points) = fields["points"] else {
            Issue.record("expected a list of points")
            return
        }
        #expect(points.count == 2)
        // Back in Python: a dict equal to dataclasses.asdict, nested records included.
        #expect(try pythonAgrees(value, Self.dataclassModule + "ok = type(value) is dict and value == dataclasses.asdict(make())"))
    }

    @Test func frozenDataclassesAreRecordsToo() throws {
        let value = try evaluate(Self.dataclassModule + "x = Frozen('k', (1, 'two'))")
        #expect(value == .record(PythonRecord(
            typeName: "Frozen", module: "__main__", origin: .dataclass,
            fields: .dict(PythonDictionary([.init(key: .string("key"), value: .string("k")), .init(key: .string("value"), value: .tuple([.int(1), .string("two")]))])))))
        #expect(try pythonAgrees(value, Self.dataclassModule + "ok = value == dataclasses.asdict(Frozen('k', (1, 'two')))"))
    }

    @Test(arguments: [
        ("x = Node(1)\nx.next = x", "x.next"),
        ("x = Node(1, Node(2))\nx.next.next = x", "x.next.next"),
        ("x = Node(1)\nx.next = [0, {'k': x}]", "x.next[1]['k']"),
    ])
    func selfReferencingDataclassesAreCyclesNotHangs(_ code: String, _ path: String) throws {
        let setup = "from dataclasses import dataclass\n@dataclass\nclass Node:\n    value: int\n    next: object = None\n"
        do {
            _ = try evaluate(setup + code)
            Issue.record("no error")
        } catch let PyEmbedError.conversion(.cycle(found)) {
            #expect(found == path)
        }
    }

    @Test func deepDataclassChainsHitTheDepthLimit() throws {
        let code = """
        from dataclasses import dataclass
        @dataclass
        class Node:
            next: object = None
        x = Node()
        for _ in range(\(PythonValue.defaultDepthLimit + 10)):
            x = Node(x)
        """
        do {
            _ = try evaluate(code)
            Issue.record("no error")
        } catch let PyEmbedError.conversion(.tooDeep(limit, path)) {
            #expect(limit == PythonValue.defaultDepthLimit)
            #expect(path.hasPrefix("x.next.next"))
        }
    }

    @Test func unreadableDataclassFieldIsATypedError() throws {
        do {
            _ = try evaluate("from dataclasses import dataclass, field\n@dataclass\nclass P:\n    a: int = 1\n    b: int = field(init=False)\nx = P()")
            Issue.record("no error")
        } catch let PyEmbedError.conversion(.python(exception, path)) {
            #expect(exception.typeName == "AttributeError")
            #expect(path == "x.b")
        }
    }

    private static let toDictClasses = """
    class Reading:
        def __init__(self, channel, values):
            self.channel, self.values = channel, values
        def to_dict(self):
            return {'channel': self.channel, 'values': self.values, 'nested': Inner()}
    class Inner:
        def to_dict(self):
            return {'ok': True}
    class Broken:
        def to_dict(self):
            raise ValueError('no dict today')
    class Selfish:
        def to_dict(self):
            return {'me': self}

    """

    @Test func toDictObjectsBecomeRecords() throws {
        let value = try evaluate(Self.toDictClasses + "x = Reading('BPM:01', [1.5, 2.5])")
        let inner = PythonValue.record(PythonRecord(
            typeName: "Inner", module: "__main__", origin: .toDict, fields: .dict(PythonDictionary([.init(key: .string("ok"), value: .bool(true))]))))
        #expect(value == .record(PythonRecord(
            typeName: "Reading", module: "__main__", origin: .toDict,
            fields: .dict(PythonDictionary([
                .init(key: .string("channel"), value: .string("BPM:01")), .init(key: .string("values"), value: .list([.float(1.5), .float(2.5)])),
                .init(key: .string("nested"), value: inner),
            ])))))
        #expect(try pythonAgrees(value, "ok = value == {'channel': 'BPM:01', 'values': [1.5, 2.5], 'nested': {'ok': True}}"))
    }

    @Test func toDictThatRaisesIsATypedErrorNamingTheType() throws {
        do {
            _ = try evaluate(Self.toDictClasses + "x = {'reading': Broken()}")
            Issue.record("no error")
        } catch let PyEmbedError.conversion(.python(exception, path)) {
            #expect(exception.typeName == "ValueError")
            #expect(exception.message.contains("__main__.Broken.to_dict()") && exception.message.contains("no dict today"))
            #expect(exception.traceback.contains("no dict today"))
            #expect(path == "x['reading']")
        }
        do {
            _ = try evaluate(Self.toDictClasses + "x = Selfish()")
            Issue.record("no error")
        } catch let PyEmbedError.conversion(.cycle(path)) {
            #expect(path == "x.to_dict()['me']")
        }
    }

    // MARK: - descriptions

    @Test func descriptionsMatchPythonText() throws {
        let (value, expected) = try Self.evaluateWithExpectation("""
        import datetime, decimal
        tz = datetime.timezone(datetime.timedelta(hours=-9, minutes=-30))
        x = [datetime.datetime(5, 6, 7, 8, 9, 10, tzinfo=tz), datetime.date(33, 1, 2), datetime.time(4, 5, 6, 70),
             datetime.timedelta(days=-1, seconds=1), decimal.Decimal('-1.500E-7')]
        expected = [x[0].isoformat(), x[1].isoformat(), x[2].isoformat(), str(x[3]), str(x[4])]
        """)
        guard case let .list(items) = value else {
            Issue.record("expected list")
            return
        }
        let texts = items.map { item -> PythonValue in
            switch item {
            case let .datetime(value): return .string(value.description)
            case let .date(value): return .string(value.description)
            case let .time(value): return .string(value.description)
            case let .timedelta(value): return .string(value.description)
            case let .decimal(value): return .string(value.description)
            default: return .none
            }
        }
        #expect(.list(texts) == expected)
    }

    /// Runs `code`, which sets `x` and `expected`, and converts both.
    private static func evaluateWithExpectation(_ code: String) throws -> (PythonValue, PythonValue) {
        try python().withGIL { gil throws(PyEmbedError) in
            let output = try gil.run(code)
            return (try output.value("x", as: PythonValue.self, gil), try output.value("expected", as: PythonValue.self, gil))
        }
    }
}
