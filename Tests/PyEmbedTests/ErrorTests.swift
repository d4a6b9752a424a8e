@testable import PyEmbed
import Testing

@Suite("Python exceptions as Swift errors")
struct ErrorTests {
    @Test func exceptionCarriesTypeMessageTracebackAndUserLine() throws {
        let failure = try raised("""
        def ratio(a, b):
            return a / b

        values = [1, 2]
        ratio(values[0], 0)
        """)
        #expect(failure?.typeName == "ZeroDivisionError")
        #expect(failure?.message == "division by zero")
        #expect(failure?.line == 2)
        #expect(failure?.traceback.contains(#"File "<generated>", line 5, in <module>"#) == true)
        #expect(failure?.traceback.contains("return a / b") == true)
        #expect(failure?.traceback.hasSuffix("ZeroDivisionError: division by zero\n") == true)
        #expect(failure?.description == "ZeroDivisionError: division by zero")
    }

    @Test func typeNamesAreQualifiedOutsideBuiltins() throws {
        #expect(try raised("import json\njson.loads('{')")?.typeName == "json.decoder.JSONDecodeError")
        #expect(try raised("class Custom(Exception): pass\nraise Custom('x')")?.typeName == "__main__.Custom")
        #expect(try raised("{}['k']")?.typeName == "KeyError")
    }

    @Test func lineRefersToTheRunsOwnFile() throws {
        let failure = try python().withGIL { gil in
            exception(from: { _ = try gil.run("x = 1\n\nimport json\njson.loads('[')", options: RunOptions(filename: "analysis.py")) })
        }
        #expect(failure?.line == 4)
        #expect(failure?.traceback.contains(#"File "analysis.py", line 4"#) == true)
        #expect(failure?.traceback.contains("json.loads('[')") == true)
    }

    @Test func syntaxErrorsKeepLineColumnAndText() throws {
        let failure = try raised("x = 1\ny = (2 +\nprint('never')\n")
        #expect(failure?.typeName == "SyntaxError")
        #expect(failure?.syntax?.line == 2)
        #expect(failure?.syntax?.column == 5)
        #expect(failure?.syntax?.text == "y = (2 +")
        #expect(failure?.syntax?.filename == "<generated>")
        #expect(failure?.line == 2)
        #expect(failure?.message.contains("was never closed") == true)

        let indentation = try raised("if True:\nprint(1)")
        #expect(indentation?.typeName == "IndentationError")
        #expect(indentation?.syntax?.line == 2)

        let invalid = try raised("x = = 2")
        #expect(invalid?.syntax?.column == 5)
        #expect(invalid?.syntax?.text == "x = = 2")
    }

    @Test func systemExitAndKeyboardInterruptDoNotEndTheHost() throws {
        let exit = try raised("import sys\nprint('bye')\nsys.exit(3)")
        #expect(exit?.typeName == "SystemExit")
        #expect(exit?.message == "3")
        #expect(exit?.stdout == "bye\n")
        #expect(try raised("exit()")?.typeName == "SystemExit")
        #expect(try raised("raise KeyboardInterrupt")?.typeName == "KeyboardInterrupt")
        #expect(try evaluate("x = 'still alive'", as: String.self) == "still alive")
    }

    @Test func missingModulesAndBadSources() throws {
        let missing = try raised("import definitely_not_installed_pkg")
        #expect(missing?.typeName == "ModuleNotFoundError")
        #expect(missing?.message == "No module named 'definitely_not_installed_pkg'")
        #expect(try raised("x = 1\u{0}")?.typeName == "ValueError")
    }

    @Test func chainedExceptionsShowEveryLink() throws {
        let failure = try raised("try:\n    {}['k']\nexcept KeyError as e:\n    raise RuntimeError('lookup failed') from e")
        #expect(failure?.typeName == "RuntimeError")
        #expect(failure?.traceback.contains("KeyError: 'k'") == true)
        #expect(failure?.traceback.contains("direct cause") == true)
    }

    @Test func exceptionWhoseStrFailsIsStillDescribed() throws {
        let failure = try raised("class Odd(Exception):\n    def __str__(self):\n        raise ValueError('nope')\nraise Odd()")
        #expect(failure?.typeName == "__main__.Odd")
        #expect(failure?.message.contains("str() failed") == true)
    }
}
