import Foundation
import PyEmbed
@testable import PythonExecutor
import Testing

/// Cases covering every verdict and every polluting action a case may take.
private let verdictCases: [CodeTestCase] = [
    CodeTestCase(id: "passes", code: "def add(a, b):\n    return a + b\n\nassert add(2, 3) == 5\nassert add(-1, 1) == 0\n"),
    CodeTestCase(id: "assert-fails", code: "def mean(values):\n    return sum(values) / (len(values) + 1)\n\nassert mean([2, 4]) == 3, 'mean is off'\n"),
    CodeTestCase(id: "raises", code: "def parse(text):\n    return int(text)\n\nparse('x')\n"),
    CodeTestCase(id: "loops", code: "def spin():\n    while True:\n        pass\n\nspin()\n", timeout: 3),
    CodeTestCase(id: "catches-and-loops", code: "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass\n", timeout: 3),
    CodeTestCase(id: "exit-zero", code: "import sys\nsys.exit(0)\nassert False\n"),
    CodeTestCase(id: "exit-call", code: "exit()\n"),
    CodeTestCase(id: "system-exit-3", code: "raise SystemExit(3)\n"),
    CodeTestCase(id: "exit-false", code: "import sys\nsys.exit(False)\n"),
    CodeTestCase(id: "exit-256", code: "raise SystemExit(256)\n"),
    CodeTestCase(id: "system-exit-message", code: "import sys\nsys.exit('bad input')\n"),
    CodeTestCase(id: "poisons-builtins", code: "import builtins\nbuiltins.len = lambda value: 0\nbuiltins.sorted = None\n"),
    CodeTestCase(id: "after-poison", code: "assert len([1, 2, 3]) == 3\nassert sorted([3, 1]) == [1, 3]\n"),
    CodeTestCase(id: "recursion-limit", code: "import sys\nsys.setrecursionlimit(60)\n"),
    CodeTestCase(id: "after-recursion-limit", code: "def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\n\nassert depth(200) == 200\n"),
    CodeTestCase(id: "syntax-error", code: "def broken(:\n    pass\n"),
    CodeTestCase(id: "last", code: "assert [x * x for x in range(4)] == [0, 1, 4, 9]\n"),
]

/// The venv's python3, as a test harness would launch it.
private func venvPython() throws -> String {
    let runtime = try PythonRuntime.start()
    let candidates = [runtime.environment.venvPath.map { "\($0)/bin/python" }, "\(FileManager.default.currentDirectoryPath)/.venv/bin/python"]
    return try #require(candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) })
}

/// Runs `cases` on `isolation` and returns the results.
private func results(
    _ cases: [CodeTestCase], _ isolation: CodeTestIsolation, strict: Bool = false, jobs: Int = 1, timeout: Duration = .seconds(30)
) async throws -> [CodeTestResult] {
    let tester = try CodeTester(options: CodeTestOptions(isolation: isolation, timeout: timeout, jobs: jobs, strict: strict))
    let results = try await tester.run(cases)
    await tester.shutDown()
    return results
}

@Suite("Batch testing of generated code", .serialized)
struct CodeTesterTests {
    @Test func everyTiersVerdictsEqualAPython3SubprocessRun() async throws {
        // The looping cases carry their own 3 s limit; the others get one far above a
        // run's start on a loaded machine (a python3 start-up took over 8 s while the
        // whole suite ran on CI), so only the looping cases reach a limit.
        let limit = Duration.seconds(120)
        let baseline = try await results(verdictCases, .pythonSubprocess(executable: try venvPython()), timeout: limit)
        let expected: [String: CodeTestStatus] = [
            "passes": .passed, "assert-fails": .failed, "raises": .failed, "loops": .timeout, "catches-and-loops": .timeout,
            "exit-zero": .passed, "exit-call": .passed, "system-exit-3": .failed, "system-exit-message": .failed,
            "exit-false": .passed, "exit-256": .passed,
            "poisons-builtins": .passed, "after-poison": .passed, "recursion-limit": .passed, "after-recursion-limit": .passed,
            "syntax-error": .failed, "last": .passed,
        ]
        #expect(Dictionary(uniqueKeysWithValues: baseline.map { ($0.id, $0.status) }) == expected)
        for isolation in [CodeTestIsolation.inProcess, .subinterpreter, .process] {
            let tier = try await results(verdictCases, isolation, jobs: isolation == .process ? 3 : 1, timeout: limit)
            #expect(tier.map(\.id) == verdictCases.map(\.id))
            for (ours, theirs) in zip(tier, baseline) {
                #expect(ours.status == theirs.status, "\(isolation) \(ours.id): \(String(describing: ours.error))")
                if ours.status == .failed, theirs.error?.type != "SystemExit" {
                    #expect(ours.error?.type == theirs.error?.type, "\(isolation) \(ours.id)")
                    #expect(ours.error?.line == theirs.error?.line, "\(isolation) \(ours.id)")
                }
            }
        }
    }

    @Test func aCasesOwnTimeoutIsReadAndCheckedFromItsLine() throws {
        let cases = try CodeTestCase.read(jsonLines: "{\"id\": 1, \"code\": \"x = 1\"}\n\n{\"id\": \"b\", \"code\": \"y = 2\", \"timeout\": 2.5}\n")
        #expect(cases == [CodeTestCase(id: "1", code: "x = 1"), CodeTestCase(id: "b", code: "y = 2", timeout: 2.5)])
        for bad in ["-1", "0", "\"soon\""] {
            #expect {
                try CodeTestCase.read(jsonLines: "{\"id\": 1, \"code\": \"x = 1\"}\n{\"id\": 2, \"code\": \"x\", \"timeout\": \(bad)}")
            } throws: { error in
                guard case let CodeTestError.malformedCase(line, reason) = error else { return false }
                return line == 2 && reason.contains("timeout")
            }
        }
    }

    @Test func findingsAreReportedAndTheStrictPolicyRejects() async throws {
        let risky = [CodeTestCase(id: "risky", code: "value = eval('1 + 1')\nassert value == 2\n")]
        let advisory = try await results(risky, .inProcess)
        #expect(advisory.first?.status == .passed)
        #expect(advisory.first?.findings.isEmpty == false)
        let strict = try await results(risky, .inProcess, strict: true)
        #expect(strict.first?.status == .rejected)
        #expect(strict.first?.error?.line == 1)
    }

    @Test func numpyCasesFailInSubinterpretersWithTheTierToUse() async throws {
        let numeric = [CodeTestCase(id: "numeric", code: "import numpy as np\nassert np.arange(3).sum() == 3\n")]
        let refused = try await results(numeric, .subinterpreter, timeout: .seconds(30))
        #expect(refused.first?.status == .failed)
        #expect(refused.first?.error?.type == "UnavailableInSubinterpreter")
        #expect(refused.first?.error?.message.contains("process tier") == true)
        #expect(try await results(numeric, .process, timeout: .seconds(30)).first?.status == .passed)
        #expect(try await results(numeric, .inProcess, timeout: .seconds(30)).first?.status == .passed)
    }

    @Test func pyexecTestPrintsOneJSONLinePerCaseThenASummary() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pyexec-test-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let cases = verdictCases.prefix(4).map { testCase in
            String(decoding: try! JSONEncoder().encode(testCase), as: UTF8.self)
        }
        try (cases.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let run = try await pyexec(["test", file.path, "--isolation", "subinterpreter", "--timeout", "30", "--json"])
        #expect(run.status == 1, "a case failed, so the exit status says so; stderr: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        let first = try json(lines[0])
        #expect(Array(first.keys).sorted() == ["error", "id", "seconds", "status"])
        #expect(first["status"] as? String == "passed")
        #expect(first["error"] is NSNull)
        let failed = try json(lines[1])
        let error = try #require(failed["error"] as? [String: Any])
        #expect(error["type"] as? String == "AssertionError")
        #expect(error["line"] as? Int == 4)
        // The looping case's own 3 s limit, not --timeout's 30 s, ended it.
        let looped = try json(lines[3])
        #expect(looped["status"] as? String == "timeout")
        #expect((looped["seconds"] as? Double).map { $0 < 25 } == true)
        let summary = try json(lines[4])
        #expect(summary["total"] as? Int == 4)
        #expect(summary["passed"] as? Int == 1)
        #expect(summary["failed"] as? Int == 2)
        #expect(summary["timeout"] as? Int == 1)
        let refused = try await pyexec(["test", file.path, "--isolation", "threads"])
        #expect(refused.status != 0 && refused.stderr.contains("--isolation"))
    }
}
