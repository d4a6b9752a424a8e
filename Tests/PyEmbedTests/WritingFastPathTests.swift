@testable import PyEmbed
import Testing

/// Swift → Python through the writing fast paths: exact values, types and error paths.
@Suite("Swift to Python fast paths")
struct WritingFastPathTests {
    @Test func doublesKeepEveryBitIncludingNaNAndSignedZero() throws {
        let values: [Double] = [0.1, -0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        #expect(try pythonAgrees(values, """
            import math, struct
            ok = (type(value) is list and all(type(v) is float for v in value) and value[0] == 0.1
                  and math.copysign(1, value[1]) == -1 and math.isnan(value[2]) and value[3] == math.inf
                  and value[4] == -math.inf and value[5] == 5e-324 and value[6] == 1.7976931348623157e308)
            """))
        #expect(try pythonAgrees([Double](), "ok = value == [] and type(value) is list"))
        let many = (0..<100_000).map(Double.init)
        #expect(try pythonAgrees(many, "ok = len(value) == 100_000 and value[-1] == 99999.0 and sum(value) == 4999950000.0"))
    }

    @Test func intsStringsAndStringDictionaries() throws {
        #expect(try pythonAgrees([Int.min, -1, 0, Int.max], "ok = value == [-2**63, -1, 0, 2**63 - 1] and all(type(v) is int for v in value)"))
        #expect(try pythonAgrees(["a", "", "é", "🙂", "nul\0inside"], "ok = value == ['a', '', 'é', '🙂', 'nul\\x00inside']"))
        #expect(try pythonAgrees(["a": 1.5, "b": -.infinity], "import math\nok = value == {'a': 1.5, 'b': -math.inf} and type(value) is dict"))
        #expect(try pythonAgrees(["x": 1, "y": Int.min], "ok = value == {'x': 1, 'y': -2**63}"))
        #expect(try pythonAgrees(["k": "v"], "ok = value == {'k': 'v'}"))
        #expect(try pythonAgrees(["k": PythonValue.list([.none, .bool(true)])], "ok = value == {'k': [None, True]}"))
    }

    @Test func nestedPythonValuesKeepTheirTypes() throws {
        let value = PythonValue.dict(PythonDictionary([
            .init(key: .string("list"), value: .list([.int(PythonInteger(1)), .float(2.5), .string("s"), .none, .bool(false)])),
            .init(key: .tuple([.int(PythonInteger(1)), .int(PythonInteger(2))]), value: .tuple([.string("one")])),
            .init(key: .int(PythonInteger(isNegative: false, magnitude: [0, 1])), value: .set([.int(PythonInteger(3))])),
            .init(key: .string("deep"), value: .list([.list([.dict(PythonDictionary([.init(key: .string("b"), value: .bytes([1, 2]))]))])])),
        ]))
        #expect(try pythonAgrees(value, """
            ok = (list(value) == ['list', (1, 2), 2**64, 'deep'] and value['list'] == [1, 2.5, 's', None, False]
                  and type(value['list'][0]) is int and value[(1, 2)] == ('one',) and value[2**64] == {3}
                  and value['deep'] == [[{'b': b'\\x01\\x02'}]])
            """))
    }

    @Test func aValueThatCannotBeBuiltIsNamedByItsPath() throws {
        let opaque = PythonValue.object(PythonOpaqueObject(typeName: "Widget", module: "m", repr: "<Widget>"))
        let value = PythonValue.list([.int(PythonInteger(0)), .dict(PythonDictionary([.init(key: .string("a"), value: .tuple([opaque]))]))])
        let error = try python().withGIL { gil -> PythonConversionError? in
            do throws(PythonConversionError) { _ = try value.pythonObject(gil); return nil } catch { return error }
        }
        guard case let .typeMismatch(_, _, path)? = error else { Issue.record("expected a type mismatch, got \(String(describing: error))"); return }
        #expect(path == "[1]<entry 0>[0]")
    }
}
