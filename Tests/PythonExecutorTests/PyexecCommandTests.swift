import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PyEmbed
@testable import PythonExecutor
import Testing

func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

@Suite("pyexec command", .serialized)
struct PyexecCommandTests {
    @Test func runJSONPrintsTheSuccessDictionary() async throws {
        let harness = try WorkflowHarness()
        let code = "import numpy as np\nprint('hello')\nresults = {'total': int(np.arange(5).sum()), 'bad': float('nan')}"
        let run = try await pyexec(["run", "-c", code, "--yes", "--json", "--data-dir", harness.root.path])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let object = try json(run.stdout)
        #expect(Set(object.keys) == [
            "results", "execution_stdout", "execution_time_seconds", "execution_folder", "notebook_path", "notebook_link",
            "figure_paths", "figure_count", "generated_code", "generation_attempt", "analysis_warnings",
        ])
        let results = try #require(object["results"] as? [String: Any])
        #expect(results["total"] as? Int == 10)
        #expect(results["bad"] is NSNull, "non-finite floats are null in strict JSON")
        #expect(object["execution_stdout"] as? String == "hello\n")
        #expect(object["generated_code"] as? String == code)
        #expect(object["generation_attempt"] as? Int == 1)
        #expect(run.stderr.contains("Executing Python code"), "status lines go to stderr")
        let folder = try #require(object["execution_folder"] as? String)
        #expect(FileManager.default.fileExists(atPath: folder + "/results.json"))
    }

    @Test func runJSONCarriesResultsJSONBytesAndIsTheWholeObjectPrettyPrinted() async throws {
        let harness = try WorkflowHarness()
        let code = """
            import numpy as np
            results = {'a': np.linspace(0, 1, 7), 'nested': {'t': ('x', 1.5e-7, None), 'n': [[1, 2], []], 'e': {}}, 'text': 'line\\nbreak "q"'}
            """
        let run = try await pyexec(["run", "-c", code, "--yes", "--json", "--data-dir", harness.root.path])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let object = try json(run.stdout)
        let folder = try #require(object["execution_folder"] as? String)
        let file = try String(contentsOfFile: folder + "/results.json", encoding: .utf8)
        #expect(run.stdout.hasPrefix("{\n  \"results\": " + file.replacingOccurrences(of: "\n", with: "\n  ") + ",\n  \"execution_stdout\": "))
        let fromFile = try JSONSerialization.data(withJSONObject: try json(file), options: [.sortedKeys])
        let results = try JSONSerialization.data(withJSONObject: try #require(object["results"]), options: [.sortedKeys])
        #expect(results == fromFile)
    }

    @Test func aTextFailureNamesItsTypeAndFolder() async throws {
        let harness = try WorkflowHarness()
        let run = try await pyexec(["run", "-c", "results = {'v': 1 / 0}", "--yes", "--data-dir", harness.root.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("pyexec: CodeRuntimeError: "), "\(run.stderr)")
        #expect(run.stderr.contains("folder: \(harness.root.path)"), "\(run.stderr)")
    }

    @Test func runFailureReportsATypedJSONError() async throws {
        let harness = try WorkflowHarness()
        let run = try await pyexec(["run", "-c", "def f():\n    return 1 / 0\nf()", "--yes", "--json", "--data-dir", harness.root.path])
        #expect(run.status != 0)
        let error = try #require(try json(run.stdout)["error"] as? [String: Any])
        #expect(Set(error.keys) == ["category", "type", "message", "traceback", "stage", "attempt", "execution_folder", "exception"])
        #expect((error["message"] as? String)?.contains("ZeroDivisionError") == true)
        #expect((error["traceback"] as? String)?.contains("line 2, in f") == true)
        #expect(error["type"] as? String == "CodeRuntimeError")
        #expect(error["stage"] as? String == "execution")
        #expect(error["attempt"] as? Int == 1)
        #expect((error["execution_folder"] as? String)?.hasPrefix(harness.root.path) == true)
        let exception = try #require(error["exception"] as? [String: Any])
        #expect(exception["type"] as? String == "ZeroDivisionError")
        #expect(exception["message"] as? String == "division by zero")
    }

    @Test func runFromAFileAndFromStandardInputWithContext() async throws {
        let harness = try WorkflowHarness()
        let script = harness.root.appendingPathComponent("job.py")
        try "results = {'doubled': context['x'] * 2}\n".write(to: script, atomically: true, encoding: .utf8)
        let contextFile = harness.root.appendingPathComponent("context.json")
        try #"{"x": 21}"#.write(to: contextFile, atomically: true, encoding: .utf8)
        let fromFile = try await pyexec(["run", script.path, "--context", contextFile.path, "--yes", "--json", "--data-dir", harness.root.path])
        #expect(fromFile.status == 0, "stderr: \(fromFile.stderr)")
        #expect((try json(fromFile.stdout)["results"] as? [String: Any])?["doubled"] as? Int == 42)
        let fromStdin = try await pyexec(["run", "-", "--yes", "--data-dir", harness.root.path], stdin: "results = {'answer': 6 * 7}\n")
        #expect(fromStdin.status == 0)
        #expect(fromStdin.stdout.contains("answer: 42"))
        #expect(fromStdin.stdout.contains("notebook: "))
    }

    @Test func approvalOnTheTerminalAndResume() async throws {
        let harness = try WorkflowHarness()
        let code = "results = {'ok': True}"
        let refused = try await pyexec(["run", "-c", code, "--approve", "--data-dir", harness.root.path], stdin: "n\n")
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("Approve and run?"))
        let accepted = try await pyexec(["run", "-c", code, "--approve", "--data-dir", harness.root.path], stdin: "y\n")
        #expect(accepted.status == 0 && accepted.stdout.contains("ok: True"))

        let pending = try await pyexec(["run", "-c", code, "--json", "--data-dir", harness.root.path])
        #expect(pending.status == 3)
        let folder = try #require((try json(pending.stdout)["pending_approval"] as? [String: Any])?["folder"] as? String)
        let resumed = try await pyexec(["resume", folder, "--approve", "--json", "--data-dir", harness.root.path])
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect((try json(resumed.stdout)["results"] as? [String: Any])?["ok"] as? Bool == true)
        let again = try await pyexec(["resume", folder, "--reject", "--data-dir", harness.root.path])
        #expect(again.status != 0)
    }

    @Test func badArgumentsAreRefused() async throws {
        #expect(try await pyexec(["run"]).status != 0)
        #expect(try await pyexec(["run", "-c", "x", "--approve", "--yes"]).status != 0)
        #expect(try await pyexec(["run", "/nonexistent/file.py", "--yes"]).status != 0)
        let badConfig = try await pyexec(["run", "-c", "results = {}", "--yes", "--config", "/nonexistent.yml"])
        #expect(badConfig.status != 0)
    }
}
