@testable import PyEmbed
import Testing

@Suite("Soft interrupts: time limits and task cancellation")
struct InterruptTests {
    @Test func timeLimitStopsABusyLoop() async throws {
        let runtime = try python()
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try await runtime.interpreter.run("print('started')\nwhile True:\n    pass", options: RunOptions(timeout: .milliseconds(200)))
            Issue.record("the loop ended by itself")
        } catch let PyEmbedError.interrupted(reason, exception) {
            #expect(reason == .timeout(seconds: 0.2))
            #expect(exception.stdout == "started\n")
            #expect(exception.line == 3 || exception.line == 2)
        }
        // Loose: the run waits in the interpreter's queue behind other suites' runs first.
        #expect(clock.now - start < .seconds(600), "the endless loop was stopped")
        #expect(try await runtime.interpreter.run("x = 2 * 21") { (output, gil) throws(PyEmbedError) in try output.value("x", as: Int.self, gil) } == 42)
    }

    @Test func timeLimitWorksForSynchronousRuns() throws {
        do {
            _ = try python().withGIL { gil in try gil.run("n = 0\nwhile True:\n    n += 1", options: RunOptions(timeout: .milliseconds(100))) }
            Issue.record("the loop ended by itself")
        } catch let PyEmbedError.interrupted(reason, _) {
            #expect(reason == .timeout(seconds: 0.1))
        }
    }

    @Test func catchingExceptionDoesNotSwallowTheInterrupt() async throws {
        let code = "while True:\n    try:\n        sum(range(1000))\n    except Exception:\n        pass"
        await #expect(throws: PyEmbedError.self) {
            try await python().interpreter.run(code, options: RunOptions(timeout: .milliseconds(150)))
        }
    }

    @Test func cancellingTheTaskInterruptsTheRun() async throws {
        let runtime = try python()
        let started = StartMark()
        defer { started.remove() }
        let task = Task { try await runtime.interpreter.run(started.python + "import time\nwhile True:\n    time.sleep(0.001)") }
        defer { task.cancel() }  // never leave the loop running in the shared interpreter
        try #require(await started.reached(), "the loop never started")
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("the loop ended by itself")
        } catch let PyEmbedError.interrupted(reason, exception) {
            #expect(reason == .cancelled)
            #expect(exception.typeName.hasSuffix("PyEmbedInterrupt"))
        }
    }

    @Test func aTaskCancelledBeforeItStartsNeverRuns() async throws {
        let runtime = try python()
        let marker = "ran_\(UInt32.random(in: 0...UInt32.max))"
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await runtime.interpreter.run("import builtins\nbuiltins.\(marker) = True")
        }
        await #expect(throws: PyEmbedError.self) { try await task.value }
        let ran = try runtime.withGIL { gil in try gil.run("import builtins\nx = hasattr(builtins, '\(marker)')").value("x", as: Bool.self, gil) }
        #expect(ran == false)
    }

    @Test func finishedRunsAreNotHitByLateInterrupts() async throws {
        let runtime = try python()
        for _ in 0..<20 {
            // Each either finishes in time or is reported as interrupted; neither may leak into the next run.
            do {
                _ = try await runtime.interpreter.run("x = sum(range(100))", options: RunOptions(timeout: .milliseconds(1)))
            } catch let PyEmbedError.interrupted(reason, _) {
                #expect(reason == .timeout(seconds: 0.001))
            }
        }
        // No pause to wait in: a late interrupt (a time limit's timer, or its repetition every 50 ms)
        // would land in the next run, so that run executes bytecode for longer than the repetition's period.
        let code = "import time\nend = time.monotonic() + 0.2\nwhile time.monotonic() < end:\n    pass\nx = 1"
        let value = try await runtime.interpreter.run(code) { (output, gil) throws(PyEmbedError) in try output.value("x", as: Int.self, gil) }
        #expect(value == 1)
    }
}
