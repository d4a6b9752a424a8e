import Foundation
import Testing

/// `pyexec mcp` driven over stdio by the reference Python MCP client (`Scripts/mcp_client.py`,
/// package `mcp` in `.venv`): each test starts the built `pyexec mcp`, plays a scenario and
/// checks what the client observed.
@Suite("pyexec mcp with the Python MCP client")
struct MCPServerTests {
    /// Approval only for channel writes, and writes allowed: read-only code runs, writing code asks.
    static let policy = """
        approval: {global_mode: selective, capabilities: {python_execution: {enabled: true, mode: control_writes}}}
        control_system: {writes_enabled: true}
        """

    /// Plays `scenario` against a fresh `pyexec mcp` whose files go under `harness`.
    static func drive(_ scenario: String, _ harness: WorkflowHarness, options: [String] = []) async throws -> [String: Any] {
        let config = harness.root.appendingPathComponent("config.yml")
        try policy.write(to: config, atomically: true, encoding: .utf8)
        let script = TestIOC.repository.appendingPathComponent("Scripts/mcp_client.py").path
        let run = try await runProcess(
            TestIOC.python, [script, scenario, try pyexecBinary().path, "--config", config.path, "--data-dir", harness.root.path] + options)
        #expect(run.status == 0, "driver failed: \(run.stderr)")
        return try json(run.stdout)
    }

    static func object(_ value: Any?) -> [String: Any] { value as? [String: Any] ?? [:] }

    @Test func initializeListToolsAndRunNumpyWithAFigure() async throws {
        let harness = try WorkflowHarness()
        let out = try await Self.drive("basics", harness)
        #expect(out["server"] as? String == "pyexec")
        let tools = Self.object(out["tools"])
        #expect(Set(tools.keys) == ["run_python", "analyze_python", "list_sessions", "reset_session"])
        #expect(Self.object(tools["run_python"])["required"] as? [String] == ["code"])

        let numpy = Self.object(out["numpy"])
        #expect(numpy["is_error"] as? Bool == false)
        #expect(numpy["kinds"] as? [String] == ["text", "image"])
        #expect((numpy["text"] as? String)?.contains("mean is 2.0") == true)
        let image = try #require((numpy["images"] as? [[String: Any]])?.first)
        #expect(image["mime"] as? String == "image/png")
        #expect(image["png_signature"] as? Bool == true)
        #expect(image["size"] as? [Int] == [640, 480], "the PNG decodes: \(image)")
        let structured = Self.object(numpy["structured"])
        let results = Self.object(structured["results"])
        #expect(results["mean"] as? Double == 2.0)
        #expect(results["squares"] as? [Double] == [0, 1, 4, 9, 16])
        #expect(results["n"] as? Int == 5)
        let folder = try #require(structured["execution_folder"] as? String)
        #expect(FileManager.default.fileExists(atPath: folder + "/results.json"))
        #expect((structured["figure_paths"] as? [String])?.count == 1)

        let analysis = Self.object(out["analysis"])
        #expect(analysis["is_error"] as? Bool == false)
        let report = Self.object(analysis["structured"])
        #expect(report["passed"] as? Bool == false)
        #expect(report["execution_mode"] as? String == "read_only")
        #expect((report["blocking_issues"] as? [String])?.contains { $0.contains("subprocess") } == true)
    }

    @Test func sessionsKeepVariablesUntilReset() async throws {
        let harness = try WorkflowHarness()
        // The operator opens the in-process tier to calls; the process tier is always open.
        let out = try await Self.drive("sessions", harness, options: ["--isolation", "in-process"])
        func results(_ key: String) -> [String: Any] { Self.object(Self.object(Self.object(out[key])["structured"])["results"]) }
        #expect(results("use")["x"] as? Int == 42)
        // A run without `results` does not return the previous run's.
        #expect(Self.object(out["no_stale_results"])["is_error"] as? Bool == true)
        #expect(results("other")["has_x"] as? Bool == false)
        #expect(results("inproc_use")["z"] as? Int == 7)
        let listed = Self.object(Self.object(out["listed"])["structured"])["sessions"] as? [[String: Any]] ?? []
        #expect(listed.map { $0["name"] as? String } == ["s1", "s2"])
        #expect(listed.map { $0["isolation"] as? String } == ["process", "in_process"])
        let afterReset = Self.object(out["after_reset"])
        #expect(afterReset["is_error"] as? Bool == true)
        #expect(Self.object(Self.object(afterReset["structured"])["error"])["exception_type"] as? String == "NameError")
        #expect(Self.object(out["reset_unknown"])["code"] as? Int == -32602)
    }

    @Test func userCodeErrorsAndTimeoutsAreToolErrors() async throws {
        let harness = try WorkflowHarness()
        let out = try await Self.drive("errors", harness)
        let exception = Self.object(out["exception"])
        #expect(exception["is_error"] as? Bool == true)
        let error = Self.object(Self.object(exception["structured"])["error"])
        #expect(error["exception_type"] as? String == "ZeroDivisionError")
        #expect((error["message"] as? String)?.contains("division by zero") == true)
        #expect((error["traceback"] as? String)?.contains("line 2, in f") == true)
        let timeout = Self.object(out["timeout"])
        #expect(timeout["is_error"] as? Bool == true)
        #expect(Self.object(Self.object(timeout["structured"])["error"])["type"] as? String == "ExecutionTimeoutError")
        #expect(Self.object(out["after"])["is_error"] as? Bool == false, "the server survives both")
    }

    @Test func codeInTheProcessTierCannotKillTheServer() async throws {
        let harness = try WorkflowHarness()
        let out = try await Self.drive("hostile", harness)
        for key in ["run", "session"] {
            let record = Self.object(out[key])
            #expect(record["is_error"] as? Bool == false, "\(key): \(record)")
            let results = Self.object(Self.object(record["structured"])["results"])
            #expect(results["hit"] as? [Int] == [], "\(key) reached a process outside its namespace: \(results)")
            #expect(results["parent"] as? Int == 0, "\(key): the worker has no number inside the run's namespace")
            #expect((results["server"] as? Int ?? 0) > 1, "\(key) found the server's pid through /proc")
        }
        // `os.kill(os.getppid(), …)` is `kill(0, …)` there: the session's own group, nothing else.
        #expect(Self.object(out["own_group"])["is_error"] as? Bool == true)
        #expect(Self.object(out["after"])["is_error"] as? Bool == false, "the server survives")
    }

    @Test func resultsOverTheLimitStayInTheFolder() async throws {
        let harness = try WorkflowHarness()
        let out = try await Self.drive("big_results", harness, options: ["--results-limit-mb", "1"])
        let big = Self.object(out["big"])
        #expect(big["is_error"] as? Bool == false)
        let structured = Self.object(big["structured"])
        #expect(structured["results"] is NSNull)
        let omitted = Self.object(structured["results_omitted"])
        let path = try #require(omitted["results_path"] as? String)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(omitted["bytes"] as? Int == size && size > 1 << 20 && omitted["limit"] as? Int == 1 << 20)
        #expect((big["text"] as? String)?.contains("over the 1048576-byte limit") == true)
        let small = Self.object(Self.object(out["small"])["structured"])
        #expect(Self.object(small["results"])["n"] as? Int == 3)
        #expect(small["results_omitted"] == nil)
    }

    @Test func codeNeedingApprovalIsNotRunUntilAPersonApproves() async throws {
        let harness = try WorkflowHarness()
        let out = try await Self.drive("approval", harness)
        let pending = Self.object(out["pending"])
        #expect(pending["is_error"] as? Bool == true)
        #expect((pending["text"] as? String)?.contains("pyexec resume") == true)
        let details = Self.object(Self.object(pending["structured"])["pending_approval"])
        let folder = try #require(details["folder"] as? String)
        #expect(!FileManager.default.fileExists(atPath: folder + "/results.json"), "nothing ran")
        #expect(Self.object(out["read_only"])["is_error"] as? Bool == false)

        // The person's way: the command the answer gave.
        let digest = try #require(details["code_sha256"] as? String)
        let config = harness.root.appendingPathComponent("config.yml").path
        let resumed = try await pyexec(["resume", folder, "--approve", "--digest", digest, "--json", "--config", config, "--data-dir", harness.root.path])
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(Self.object(try json(resumed.stdout)["results"])["written"] as? Bool == true)
    }

    @Test func elicitationAsksThePersonThroughTheClient() async throws {
        let accepted = await Self.object(try Self.drive("elicitation_accept", try WorkflowHarness())["result"])
        #expect(accepted["is_error"] as? Bool == false)
        #expect(Self.object(Self.object(accepted["structured"])["results"])["written"] as? Bool == true)
        let declined = await Self.object(try Self.drive("elicitation_decline", try WorkflowHarness())["result"])
        #expect(declined["is_error"] as? Bool == true)
        #expect(Self.object(declined["structured"])["rejected"] != nil)
    }

    @Test func twentyConcurrentCalls() async throws {
        let out = try await Self.drive("concurrent", try WorkflowHarness())
        let calls = out["calls"] as? [[String: Any]] ?? []
        #expect(calls.count == 20)
        for (index, call) in calls.enumerated() {
            #expect(call["is_error"] as? Bool == false)
            let results = Self.object(Self.object(call["structured"])["results"])
            #expect(results["i"] as? Int == index && results["square"] as? Int == index * index)
        }
        let folders = Set(calls.compactMap { Self.object($0["structured"])["execution_folder"] as? String })
        #expect(folders.count == 20)
    }

    @Test func progressNotificationsStreamTheOutput() async throws {
        let out = try await Self.drive("progress", try WorkflowHarness())
        let messages = (out["messages"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        let lines = messages.filter { $0.hasPrefix("line ") }
        #expect(lines == ["line 0", "line 1", "line 2"])
        #expect(messages.contains { $0.hasPrefix("[executing") })
        let progress = (out["messages"] as? [[String: Any]] ?? []).compactMap { $0["progress"] as? Double }
        #expect(progress == progress.sorted() && Set(progress).count == progress.count)
        #expect(Self.object(out["result"])["is_error"] as? Bool == false)
    }

    @Test func cancellationFromTheClientKillsTheRun() async throws {
        let out = try await Self.drive("cancel", try WorkflowHarness())
        #expect(out["started"] as? Bool == true)
        #expect(out["finished"] as? Bool == false, "the cancelled code did not run to its end")
        #expect(Self.object(out["after"])["is_error"] as? Bool == false)
    }

    @Test func badRequestsAreProtocolErrors() async throws {
        let out = try await Self.drive("bad_requests", try WorkflowHarness())
        for key in ["missing_code", "wrong_type", "bad_isolation", "in_process_refused", "bad_timeout", "unknown_tool"] {
            #expect(Self.object(out[key])["code"] as? Int == -32602, "\(key): \(String(describing: out[key]))")
        }
        // The model cannot move its code into the server's own process.
        #expect((Self.object(out["in_process_refused"])["message"] as? String)?.contains("only its operator can choose it") == true)
        #expect(Self.object(out["after"])["is_error"] as? Bool == false)

        let raw = try await Self.drive("raw_malformed", try WorkflowHarness())
        #expect(Self.object(Self.object(raw["initialize"])["result"])["protocolVersion"] != nil)
        #expect(Self.object(Self.object(raw["not_json"])["error"])["code"] as? Int == -32700)
        for key in ["arguments_not_object", "params_not_object", "no_params"] {
            let error = Self.object(Self.object(raw[key])["error"])
            #expect(error["code"] as? Int == -32602, "\(key): \(error)")
            #expect((error["message"] as? String)?.contains("tools/call") == true, "\(key): \(error)")
        }
        #expect(Self.object(raw["ping"])["id"] as? Int == 2, "the server still answers after the bad line")
        #expect(raw["exit_status"] as? Int == 0, "end of input ends the server cleanly")
    }
}
