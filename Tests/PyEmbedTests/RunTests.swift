@testable import PyEmbed
import Testing

@Suite("Running code: namespaces, inputs, captured output")
struct RunTests {
    @Test func eachRunGetsFreshGlobalsByDefault() throws {
        let runtime = try python()
        try runtime.withGIL { gil in
            _ = try gil.run("leak = 1")
            let output = try gil.run("seen = 'leak' in globals()\nname = __name__")
            #expect(try output.value("seen", as: Bool.self, gil) == false)
            #expect(try output.value("name", as: String.self, gil) == "__main__")
        }
    }

    @Test func namedNamespacesKeepStateUntilReset() async throws {
        let runtime = try python()
        let session = RunOptions(namespace: .named("counter-\(UInt64.random(in: 0...UInt64.max))"))
        _ = try await runtime.interpreter.run("count = 1", options: session)
        _ = try await runtime.interpreter.run("count += 1", options: session)
        let count = try await runtime.interpreter.run("count += 1", options: session) { (output, gil) throws(PyEmbedError) in
            try output.value("count", as: Int.self, gil)
        }
        #expect(count == 3)
        guard case let .named(name) = session.namespace else { return }
        runtime.resetNamespace(name)
        await #expect(throws: PyEmbedError.self) { try await runtime.interpreter.run("count += 1", options: session) }
    }

    @Test func inputsBecomeVariables() async throws {
        let context: [String: PythonValue] = ["beam": .float(2.5), "channels": .list([.string("A"), .string("B")])]
        let total = try await python().interpreter.run(
            "total = context['beam'] * len(context['channels']) + offset",
            inputs: ["context": PythonValue.dict(PythonDictionary(context.sorted { $0.key < $1.key }.map { .init(key: .string($0.key), value: $0.value) })), "offset": 1]
        ) { (output, gil) throws(PyEmbedError) in try output.value("total", as: Double.self, gil) }
        #expect(total == 6)
    }

    @Test func stdoutAndStderrAreCapturedPerRun() throws {
        let output = try python().withGIL { gil in
            try gil.run("import sys\nprint('to out')\nprint('to err', file=sys.stderr)\nsys.stdout.write('more')")
        }
        #expect(output.stdout == "to out\nmore")
        #expect(output.stderr == "to err\n")
    }

    @Test func concurrentRunsNeverMixOutput() async throws {
        let runtime = try python()
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<40 {
                group.addTask {
                    let code = "import time\nfor i in range(30):\n    print('run \(index)')\n    if i % 10 == 0: time.sleep(0.001)"
                    if index.isMultiple(of: 2) {
                        return (index, try await runtime.interpreter.run(code).stdout)
                    }
                    return (index, try runtime.withGIL { gil in try gil.run(code).stdout })
                }
            }
            for try await (index, stdout) in group {
                #expect(stdout == String(repeating: "run \(index)\n", count: 30))
            }
        }
    }

    @Test func outputPrintedBeforeAFailureIsKept() throws {
        let failure = try raised("print('step 1')\nimport sys\nprint('warn', file=sys.stderr)\nraise ValueError('bad value')")
        #expect(failure?.stdout == "step 1\n")
        #expect(failure?.stderr == "warn\n")
        #expect(failure?.typeName == "ValueError")
    }

    @Test func missingVariableIsATypedError() throws {
        do {
            _ = try evaluate("y = 1", "results")
            Issue.record("no error")
        } catch let PyEmbedError.missingVariable(name) {
            #expect(name == "results")
        }
    }

    @Test func inputsThatCannotConvertAreReported() throws {
        let opaque = PythonValue.object(PythonOpaqueObject(typeName: "T", module: "m", repr: "T()"))
        do {
            _ = try python().withGIL { gil in try gil.run("pass", inputs: ["thing": opaque]) }
            Issue.record("no error")
        } catch let PyEmbedError.conversion(error) {
            #expect("\(error)".contains("input 'thing'"))
        }
    }

    @Test func compiledCodeIsReusedButEachRunExecutes() throws {
        let runtime = try python()
        let code = "import itertools\nx = next(counter)"
        try runtime.withGIL { gil in
            _ = try gil.run("import itertools\ncounter = itertools.count()", options: RunOptions(namespace: .named("reuse")))
            let first = try gil.run(code, options: RunOptions(namespace: .named("reuse"))).value("x", as: Int.self, gil)
            let second = try gil.run(code, options: RunOptions(namespace: .named("reuse"))).value("x", as: Int.self, gil)
            #expect(first == 0 && second == 1)
        }
    }
}
