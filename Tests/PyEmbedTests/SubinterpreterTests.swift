import Foundation
@testable import PyEmbed
import Testing

/// One pool for the suite's tests (each pool keeps a thread for the life of the process).
private let pool: SubinterpreterPool = {
    do { return try SubinterpreterPool(size: 2) } catch { fatalError("no sub-interpreter pool: \(error)") }
}()

/// Runs `code` in a fresh sub-interpreter and reads `x` as a `PythonValue`.
private func subinterpreterValue(_ code: String, options: RunOptions = RunOptions()) async throws -> PythonValue {
    try await pool.run(code, options: options) { output, gil in try output.value("x", as: PythonValue.self, gil) }
}

/// The error a sub-interpreter run threw, or a test failure.
private func failure(of code: String, options: RunOptions = RunOptions()) async -> PyEmbedError? {
    do {
        _ = try await pool.run(code, options: options)
        Issue.record("expected the run to fail")
    } catch {
        return error
    }
    return nil
}

/// This process's resident memory (`VmRSS` of /proc/self/status), in bytes.
private func residentMemory() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
}

@Suite("Sub-interpreter runs", .serialized)
struct SubinterpreterTests {
    @Test func eachPollutingActionStaysInItsInterpreter() async throws {
        let polluters = [
            "import builtins\nbuiltins.len = lambda value: -1\nbuiltins.injected = 1",
            "import sys, types\nsys.modules['json'] = types.ModuleType('json')",
            "import sys\nsys.path.insert(0, '/nonexistent/poison')",
            "import sys\nsys.setrecursionlimit(77)",
            "import warnings\nwarnings.simplefilter('error')",
        ]
        for code in polluters { _ = try await pool.run(code) }
        let check = """
        import builtins, json, sys, warnings
        warnings.warn('only a warning')
        x = [len([1, 2]), hasattr(builtins, 'injected'), hasattr(json, 'dumps'), '/nonexistent/poison' in sys.path, sys.getrecursionlimit() == 77]
        """
        #expect(try await subinterpreterValue(check) == .list([.int(2), .bool(false), .bool(true), .bool(false), .bool(false)]))
        // The main interpreter never saw them either.
        #expect(try evaluate("import json, sys\nx = [len([1]), hasattr(json, 'dumps'), '/nonexistent/poison' in sys.path]")
            == .list([.int(1), .bool(true), .bool(false)]))
    }

    @Test func theTokenAndObjectsNameTheirInterpreter() async throws {
        let (interpreter, objectInterpreter) = try await pool.run("x = [1, 2]") { output, gil in
            (gil.interpreter, output.namespace.interpreter)
        }
        #expect(interpreter != .main)
        #expect(objectInterpreter == interpreter)
        let next = try await pool.run("x = 1") { _, gil in gil.interpreter }
        #expect(next != interpreter, "a fresh run gets a fresh interpreter")
        let mainToken = try python().withGIL { gil in gil.interpreter }
        #expect(mainToken == .main)
    }

    @Test func numpyIsRefusedWithATypedErrorAndTheMainInterpreterStillImportsIt() async throws {
        for (code, module) in [("import numpy as np\nx = np.arange(3)", "numpy"), ("import pandas", "pandas")] {
            guard case let .unavailableInSubinterpreter(refused, exception)? = await failure(of: code) else {
                Issue.record("expected a refusal for \(module)")
                continue
            }
            #expect(refused == module)
            #expect(exception.isInstance(of: "ImportError"))
            let message = PyEmbedError.unavailableInSubinterpreter(module: refused, exception).description
            #expect(message.contains("'\(module)'") && message.contains("main interpreter") && message.contains("process tier"))
        }
        #expect(try evaluate("import numpy\nx = int(numpy.arange(4).sum())") == .int(6))
        // The next sub-interpreter run is unharmed.
        #expect(try await subinterpreterValue("x = sum(range(4))") == .int(6))
    }

    @Test func namedInterpretersKeepTheirStateUntilReset() async throws {
        let named = RunOptions(namespace: .named("kept"))
        _ = try await pool.run("import builtins\ncounter = 41\nbuiltins.marker = 'named'", options: named)
        #expect(try await subinterpreterValue("counter += 1\nimport builtins\nx = [counter, builtins.marker]", options: named)
            == .list([.int(42), .string("named")]))
        #expect(try await subinterpreterValue("import builtins\nx = hasattr(builtins, 'marker')") == .bool(false))
        await pool.reset("kept")
        #expect(try await subinterpreterValue("x = 'counter' in globals()", options: named) == .bool(false))
        await pool.reset("kept")
    }

    @Test func thePoolIsPreparedAhead() async throws {
        await pool.prepare()
        #expect(await pool.preparedCount == pool.size)
    }

    @Test func outputInputsAndExceptionsComeBackAsInTheMainInterpreter() async throws {
        let output = try await pool.run("import sys\nprint('out', n)\nprint('err', file=sys.stderr)", inputs: ["n": 7])
        #expect(output.stdout == "out 7\n")
        #expect(output.stderr == "err\n")
        guard case let .exception(exception)? = await failure(of: "print('before')\nx = 1\ny = x / 0") else {
            Issue.record("expected an exception")
            return
        }
        #expect(exception.typeName == "ZeroDivisionError")
        #expect(exception.line == 3)
        #expect(exception.stdout == "before\n")
        #expect(exception.traceback.contains("y = x / 0"))
        guard case let .exception(exit)? = await failure(of: "raise SystemExit(3)") else {
            Issue.record("expected SystemExit")
            return
        }
        #expect(exit.typeName == "SystemExit")
    }

    @Test func timeoutsAndCancellationInterruptASubinterpreterRun() async throws {
        let stubborn = "while True:\n    try:\n        while True: pass\n    except BaseException: pass"
        guard case let .interrupted(reason, _)? = await failure(of: stubborn, options: RunOptions(timeout: .milliseconds(100))) else {
            Issue.record("expected a timeout")
            return
        }
        #expect(reason == .timeout(seconds: 0.1))
        let started = StartMark()
        defer { started.remove() }
        let task = Task { try await pool.run(started.python + "while True: pass") }
        defer { task.cancel() }
        try #require(await started.reached(), "the loop never started")
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("expected the cancelled run to fail")
        } catch let PyEmbedError.interrupted(reason, _) {
            #expect(reason == .cancelled)
        }
        #expect(try await subinterpreterValue("x = 5") == .int(5))
    }

    @Test func theMainInterpreterRunsWhileASubinterpreterLoops() async throws {
        // On 3.11 a looping sub-interpreter would keep the GIL from main-interpreter
        // waiters until its run ended; the main run must finish while the loop goes on.
        let looping = StartMark()
        defer { looping.remove() }
        let loop = Task { try? await pool.run(looping.python + "while True: pass", options: RunOptions(timeout: .seconds(20))) }
        defer { loop.cancel() }
        try #require(await looping.reached(), "the loop never started")
        let started = ContinuousClock.now
        let token = try python().withGIL { gil in gil.interpreter }
        let waited = ContinuousClock.now - started
        loop.cancel()
        _ = await loop.value
        #expect(token == .main)
        // Without the hand-over the wait lasts until the loop's 20 s limit.
        #expect(waited < .seconds(10), "the main interpreter waited \(waited)")
    }

    @Test func manyRunsKeepMemoryBounded() async throws {
        // 10,000 runs: a named interpreter reset every 100 runs, so 100 interpreters are created and ended too.
        let named = RunOptions(namespace: .named("memory"))
        for _ in 0..<500 { _ = try await pool.run("x = [i * i for i in range(100)]", options: named) }
        await pool.reset("memory")
        let before = residentMemory()
        let clock = ContinuousClock()
        let start = clock.now
        for round in 0..<100 {
            for _ in 0..<100 { _ = try await pool.run("x = [i * i for i in range(100)]\ny = {'a': x}", options: named) }
            await pool.reset("memory")
            if round.isMultiple(of: 25) { await pool.prepare() }
        }
        let growth = residentMemory() - before
        print("sub-interpreter memory: 10,000 runs and 100 interpreters ended in \(clock.now - start); RSS grew \(growth / 1024) KiB")
        #expect(growth < 64 << 20)
    }
}
