@testable import PyEmbed
import Testing

@Suite("Scalars: Python to Swift and back")
struct ScalarConversionTests {
    @Test func noneAndBool() throws {
        #expect(try evaluate("x = None") == .none)
        #expect(try evaluate("x = True") == .bool(true))
        #expect(try evaluate("x = False") == .bool(false))
        #expect(try evaluate("x = 1 == 1", as: Bool.self))
        #expect(try pythonAgrees(true, "ok = value is True"))
        #expect(try pythonAgrees(false, "ok = value is False"))
        #expect(try pythonAgrees(PythonValue.none, "ok = value is None"))
        #expect(try pythonAgrees(Int?.none, "ok = value is None"))
    }

    @Test(arguments: [
        "0", "1", "-1", "2**62", "2**63 - 1", "-2**63", "2**63", "-2**63 - 1", "2**64 - 1", "2**64",
        "2**200 + 12345", "-(2**200) - 987654321", "10**40", "-(10**19)", "3**300",
    ])
    func integersAreExactAtAnySize(_ expression: String) throws {
        let value = try evaluate("x = \(expression)")
        guard case let .int(integer) = value else {
            Issue.record("expected int, got \(value)")
            return
        }
        let decimal = try evaluate("x = str(\(expression))", as: String.self)
        #expect(integer.description == decimal)
        #expect(PythonInteger(decimal) == integer)
        #expect(try pythonAgrees(integer, "ok = type(value) is int and value == \(expression)"))
        #expect(try pythonAgrees(value, "ok = value == \(expression)"))
    }

    @Test func fixedWidthExtractionNeverTruncates() throws {
        #expect(try evaluate("x = 2**63 - 1", as: Int.self) == Int.max)
        #expect(try evaluate("x = -2**63", as: Int64.self) == Int64.min)
        #expect(try evaluate("x = 2**64 - 1", as: UInt64.self) == UInt64.max)
        #expect(try evaluate("x = 255", as: UInt8.self) == 255)
        #expect(throws: PyEmbedError.self) { try evaluate("x = 2**63", as: Int.self) }
        #expect(throws: PyEmbedError.self) { try evaluate("x = 256", as: UInt8.self) }
        #expect(throws: PyEmbedError.self) { try evaluate("x = -1", as: UInt.self) }
        do {
            _ = try evaluate("x = 2**70", as: Int.self)
        } catch let PyEmbedError.conversion(.outOfRange(value, target, path)) {
            #expect(value == "1180591620717411303424")
            #expect(target == "Int")
            #expect(path == "x")
        }
        #expect(try pythonAgrees(UInt64.max, "ok = value == 2**64 - 1"))
        #expect(try pythonAgrees(Int8.min, "ok = value == -128"))
    }

    @Test func boolIsNotAnInteger() throws {
        do {
            _ = try evaluate("x = True", as: Int.self)
            Issue.record("bool read as Int")
        } catch let PyEmbedError.conversion(.typeMismatch(expected, actual, _)) {
            #expect(expected == "int")
            #expect(actual == "bool")
        }
    }

    @Test func floatsKeepNaNInfinityAndSign() throws {
        #expect(try evaluate("x = 1.5") == .float(1.5))
        #expect(try evaluate("x = float('inf')", as: Double.self) == .infinity)
        #expect(try evaluate("x = float('-inf')", as: Double.self) == -.infinity)
        #expect(try evaluate("x = float('nan')", as: Double.self).isNaN)
        #expect(try evaluate("x = -0.0", as: Double.self).sign == .minus)
        #expect(try evaluate("x = 5e-324", as: Double.self) == .leastNonzeroMagnitude)
        #expect(try evaluate("x = 7", as: Double.self) == 7)
        #expect(try pythonAgrees(Double.nan, "import math\nok = math.isnan(value)"))
        #expect(try pythonAgrees(-Double.infinity, "ok = value == float('-inf')"))
        #expect(try pythonAgrees(0.1, "ok = value == 0.1 and type(value) is float"))
        #expect(throws: PyEmbedError.self) { try evaluate("x = 'no'", as: Double.self) }
        #expect(throws: PyEmbedError.self) { try evaluate("x = 10**400", as: Double.self) }
    }

    @Test func complexNumbers() throws {
        #expect(try evaluate("x = complex(1.5, -2)") == .complex(real: 1.5, imaginary: -2))
        #expect(try pythonAgrees(PythonValue.complex(real: 0, imaginary: 1), "ok = value == 1j"))
    }

    @Test(arguments: ["plain", "", "naïve café", "日本語テキスト", "emoji 👩🏽‍🔬 and flags 🇫🇷", "e\u{301}", "tab\tnew\nline", "nul\u{0}inside"])
    func stringsRoundTrip(_ text: String) throws {
        #expect(try pythonAgrees(text, "ok = isinstance(value, str)"))
        let back = try python().withGIL { gil throws(PyEmbedError) in
            try gil.run("x = value", inputs: ["value": text]).value("x", as: String.self, gil)
        }
        #expect(back == text)
        #expect(try pythonAgrees(text, "ok = len(value) == \(text.unicodeScalars.count)"))
    }

    @Test func loneSurrogatesDoNotCrash() throws {
        let value = try evaluate(#"x = "a\ud800b""#, as: String.self)
        #expect(value.hasPrefix("a"))
        #expect(value.hasSuffix("b"))
        #expect(value.contains("\u{FFFD}"))
        #expect(try evaluate(#"x = ["\udfff"]"#) == .list([.string("\u{FFFD}\u{FFFD}\u{FFFD}")]))
    }

    @Test func bytesAndBytearray() throws {
        #expect(try evaluate(#"x = b"\x00\xffab""#) == .bytes([0, 255, 97, 98]))
        #expect(try evaluate(#"x = bytearray(b"hi")"#) == .bytearray([104, 105]))
        #expect(try evaluate("x = b''") == .bytes([]))
        #expect(try pythonAgrees(PythonValue.bytes([1, 2, 255]), #"ok = value == b"\x01\x02\xff" and type(value) is bytes"#))
        #expect(try pythonAgrees(PythonValue.bytearray([7]), "ok = value == bytearray([7])"))
    }

    @Test func numpyScalarsReadThroughTheirProtocols() throws {
        #expect(try evaluate("import numpy as np\nx = np.int64(-5)", as: Int.self) == -5)
        #expect(try evaluate("import numpy as np\nx = np.float32(0.5)", as: Double.self) == 0.5)
        #expect(try evaluate("import numpy as np\nx = np.bool_(True)", as: Bool.self))
    }

    @Test func descriptionsLookLikePython() throws {
        let value = try evaluate("x = [None, True, 1.0, -0.0, 'it\\'s', b'\\x00', (1,), {1: 2}, set(), 1+2j]")
        #expect(value.description == #"[None, True, 1.0, -0.0, 'it\'s', b'\x00', (1,), {1: 2}, set(), (1.0+2.0j)]"#)
    }
}
