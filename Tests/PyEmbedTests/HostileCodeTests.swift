@testable import PyEmbed
import Testing

/// Python code that fights the conversion or the runtime must get an error or a
/// sane value, never crash the host.
@Suite("Code that mutates what is being converted")
struct HostileCodeTests {
    @Test func listEmptiedWhileItsItemsConvert() throws {
        let code = """
        class Emptier:
            def __repr__(self):
                x.clear()
                return "emptier"
        x = [Emptier(), 1, 2, 3]
        """
        let value = try evaluate(code)
        guard case let .list(items) = value else { Issue.record("expected a list, got \(value)"); return }
        #expect(items.count == 1, "the walk stops where the list now ends")
        #expect(try evaluate(code.replacingOccurrences(of: "__repr__", with: "__float__").replacingOccurrences(of: "return \"emptier\"", with: "return 1.0"), as: [Double].self) == [1.0])
    }

    @Test func dictClearedWhileItsEntriesConvert() throws {
        let code = """
        class Clearer:
            def __repr__(self):
                x.clear()
                return "clearer"
        x = {Clearer(): Clearer(), "k": [1]}
        """
        _ = try evaluate(code)
        let typed = """
        class Clearer:
            def __index__(self):
                x.clear()
                return 5
        x = {"a": Clearer(), "b": 2}
        """
        #expect(try evaluate(typed, as: [String: Int].self)["a"] == 5)
    }

    @Test func variableReboundWhileItConverts() throws {
        let code = """
        class Record:
            def to_dict(self):
                global x
                x = None
                return {"kept": True}
        x = Record()
        """
        guard case let .record(record) = try evaluate(code) else { Issue.record("expected a record"); return }
        #expect(record.fields["kept"] == .bool(true))
    }

    @Test func clearingTheOutputBuffersDoesNotCrash() throws {
        let output = try python().withGIL { gil in
            // The routers' module is not in sys.modules, but its globals are reachable from a router.
            try gil.run("print('before')\nimport sys\ncapture = type(sys.stdout).write.__globals__['capture']\nfor part in capture.get():\n    part.clear()\nprint('after')")
        }
        #expect(output.stdout == "after\n")
    }

    @Test func codeThatSwallowsTheInterruptOnceStillStops() throws {
        // (Code that catches it forever, in a loop, cannot be stopped in-process: that needs the process tier.)
        let code = "try:\n    while True:\n        pass\nexcept BaseException:\n    pass\nwhile True:\n    pass"
        #expect(throws: PyEmbedError.self) {
            try python().withGIL { gil in try gil.run(code, options: RunOptions(timeout: .milliseconds(200))) }
        }
    }

    @Test func codeThatSwallowsTheInterruptAndFinishesIsStillReportedAsInterrupted() throws {
        let code = "try:\n    while True:\n        pass\nexcept BaseException:\n    pass\nx = 1"
        do {
            _ = try python().withGIL { gil in try gil.run(code, options: RunOptions(timeout: .milliseconds(200))) }
            Issue.record("the run reported success after its time limit")
        } catch let PyEmbedError.interrupted(reason, _) {
            #expect(reason == .timeout(seconds: 0.2))
        }
    }

    @Test func misalignedArraysAreReadSafely() throws {
        let view = try evaluate("import numpy as np\nx = np.frombuffer(bytes(range(17)), dtype=np.float64, count=2, offset=1)", as: NDArrayView.self)
        let expected = try evaluate("import numpy as np\nx = np.frombuffer(bytes(range(17)), dtype=np.float64, count=2, offset=1)[1].item()", as: Double.self)
        #expect(try view.element(at: [1], as: Double.self) == expected)
        #expect(throws: PythonConversionError.self) { try view.withUnsafeBufferPointer(as: Double.self) { $0.count } }
        let copy = try evaluate("import numpy as np\nx = np.frombuffer(bytes(range(17)), dtype=np.float64, count=2, offset=1)", as: NDArray.self)
        #expect(try copy.elements(as: Double.self)[1] == expected)
    }

    @Test func zeroDimensionalArraysKeepTheirShape() throws {
        let array = try evaluate("import numpy as np\nx = np.array(7, dtype=np.int16)", as: NDArray.self)
        #expect(array.shape == [] && array.storage == .int16([7]))
    }
}
