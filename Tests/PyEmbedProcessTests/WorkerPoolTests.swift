import Foundation
import PyEmbedProcess
import Testing

/// One warm worker shared by the tests of this file (it takes a second or two to preload).
let sharedPool = WorkerPool()

@Suite("worker pool: runs and results")
struct WorkerPoolTests {
    @Test func trivialRunReturnsVariablesAndOutput() async throws {
        let run = try await sharedPool.run("import sys\nx = 6 * 7\nprint('hello')\nprint('warn', file=sys.stderr)")
        #expect(run["x"] == .int(42))
        #expect(run.stdout == "hello\n")
        #expect(run.stderr == "warn\n")
    }

    @Test func numpyPandasAndFiguresComeBackTyped() async throws {
        let code = """
        import numpy as np, pandas as pd, matplotlib.pyplot as plt
        a = np.arange(12.0).reshape(3, 4)
        df = pd.DataFrame({'x': [1, 2, 3], 'y': ['a', 'b', 'c']})
        plt.plot([1, 2, 3])
        plt.title('demo')
        """
        let run = try await sharedPool.run(code)
        guard case let .array(array)? = run["a"] else { Issue.record("a is \(String(describing: run["a"]))"); return }
        #expect(array.shape == [3, 4])
        #expect(try array.elements(as: Double.self) == (0..<12).map(Double.init))
        guard case let .dataFrame(frame)? = run["df"] else { Issue.record("df is \(String(describing: run["df"]))"); return }
        #expect(frame.columns.count == 2)
        #expect(run.figures.count == 1)
        #expect(run.figures.first?.png.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true)
        #expect(run["np"] == nil)  // modules do not come back
    }

    @Test func inputsArriveAsPythonValues() async throws {
        let run = try await sharedPool.run(
            "total = sum(values) * factor", inputs: ["values": .list([.int(1), .int(2), .int(3)]), "factor": .float(1.5)],
            options: WorkerRunOptions(variables: .named(["total"])))
        #expect(run.variables.count == 1)
        #expect(run["total"] == .float(9.0))
    }

    @Test func exceptionsAreTypedWithTracebackAndOutput() async throws {
        let error = await failure(of: "print('before')\nx = 1\ny = x / 0", options: WorkerRunOptions(filename: "job.py"))
        guard case let .exception(exception)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(exception.typeName == "ZeroDivisionError")
        #expect(exception.line == 3)
        #expect(exception.traceback.contains("job.py"))
        #expect(exception.stdout == "before\n")
    }

    @Test func syntaxErrorsCarryTheirLocation() async throws {
        let error = await failure(of: "x = (1,\n")
        guard case let .exception(exception)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(exception.typeName == "SyntaxError")
        #expect(exception.syntax?.line != nil)
    }
}

extension WorkerPoolTests {
    @Test func inAWorkerTheStreamsAreTheRealDescriptors() async throws {
        let run = try await sharedPool.run("import sys\nsys.stdout.buffer.write(b'raw\\n')\nprint('text')\nfd = sys.stdout.fileno()")
        #expect(run.stdout == "raw\ntext\n")
        #expect(run["fd"] == .int(1))
    }
}
