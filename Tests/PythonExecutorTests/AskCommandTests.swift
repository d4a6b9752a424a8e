import Foundation
import Testing

/// `pyexec ask` against a chat-completions server on loopback that answers like a model:
/// wrong code first, then fixed code, so the retry with error feedback runs end to end.
@Suite("pyexec ask")
struct AskCommandTests {
    typealias ChatServer = GenerationTests.ChatServer

    static let wrong = "```python\nimport numpy as np\nvalues = np.array([1.0, 2.0, 3.0])\nresults = {'mean': values.mean() / 0 if False else undefined_name}\n```"
    static let fixed = "Fixed:\n```python\nimport numpy as np\nvalues = np.array([1.0, 2.0, 3.0])\nresults = {'mean': float(values.mean())}\n```"

    /// The reference's keys: execution.generators.basic → models.coder on the loopback server.
    static func config(_ server: ChatServer, _ harness: WorkflowHarness, approval: String = "{global_mode: disabled}") throws -> String {
        let path = harness.root.appendingPathComponent("ask.yml")
        try """
            models:
              coder: {provider: local, model_id: test-coder, base_url: "\(server.baseURL.absoluteString)"}
            execution:
              code_generator: basic
              generators: {basic: {model_config_name: coder}}
            approval: \(approval)
            """.write(to: URL(fileURLWithPath: path.path), atomically: true, encoding: .utf8)
        return path.path
    }

    @Test func retriesWithErrorFeedbackAndReportsEveryAttempt() async throws {
        let server = try ChatServer.start([.content(Self.wrong), .content(Self.fixed)])
        defer { server.stop() }
        let harness = try WorkflowHarness()
        let run = try await pyexec([
            "ask", "What is the mean of 1, 2 and 3?", "--expect", "mean=float", "--json",
            "--config", try Self.config(server, harness), "--data-dir", harness.root.path,
        ])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let answer = try json(run.stdout)
        #expect((answer["results"] as? [String: Any])?["mean"] as? Double == 2.0)
        #expect(answer["generation_attempt"] as? Int == 2)
        let attempts = try #require(answer["attempts"] as? [[String: Any]])
        #expect(attempts.count == 2)
        #expect((attempts[0]["code"] as? String)?.contains("undefined_name") == true)
        let firstError = try #require(attempts[0]["error"] as? [String: Any])
        #expect((firstError["message"] as? String)?.contains("NameError") == true)
        #expect(attempts[1]["error"] is NSNull)
        #expect((attempts[1]["code"] as? String)?.contains("float(values.mean())") == true)

        // The second request carried the first attempt's failure back to the model.
        let requests = try server.requests()
        #expect(requests.count == 2)
        let messages = requests.last?.body?["messages"] as? [[String: Any]] ?? []
        let prompt = messages.compactMap { $0["content"] as? String }.joined()
        #expect(prompt.contains("NameError") && prompt.contains("undefined_name"))
        #expect(prompt.contains("What is the mean of 1, 2 and 3?") && prompt.contains("mean"))
        #expect(requests.first?.body?["model"] as? String == "test-coder")

        // Status lines per stage and attempt; each code is shown before it is analysed.
        #expect(run.stderr.contains("[generating #1]") && run.stderr.contains("[generating #2]"))
        let shown = try #require(run.stderr.range(of: "--- generated code (attempt 2) ---"))
        let analysed = try #require(run.stderr.range(of: "[analyzing #2]"))
        #expect(shown.lowerBound < analysed.lowerBound)
    }

    @Test func codeNeedingApprovalIsShownAndWaits() async throws {
        let server = try ChatServer.start([.content(Self.fixed)])
        defer { server.stop() }
        let harness = try WorkflowHarness()
        let config = try Self.config(server, harness, approval: "{global_mode: selective, capabilities: {python_execution: {enabled: true, mode: all_code}}}")
        let run = try await pyexec(["ask", "Mean?", "--config", config, "--data-dir", harness.root.path], stdin: "")
        #expect(run.status == 3, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("float(values.mean())"), "the code is shown")
        #expect(run.stdout.contains("pyexec resume"))
    }

    @Test func exhaustedRetriesReportEveryAttemptsError() async throws {
        let server = try ChatServer.start([.content(Self.wrong), .content("```python\nresults = {'x': 1 / 0}\n```")])
        defer { server.stop() }
        let harness = try WorkflowHarness()
        let run = try await pyexec([
            "ask", "Mean?", "--retries", "2", "--json", "--config", try Self.config(server, harness), "--data-dir", harness.root.path,
        ])
        #expect(run.status != 0)
        let answer = try json(run.stdout)
        #expect(answer["error"] != nil)
        let attempts = try #require(answer["attempts"] as? [[String: Any]])
        #expect(attempts.count == 2)
        #expect(((attempts[1]["error"] as? [String: Any])?["message"] as? String)?.contains("ZeroDivisionError") == true)
    }

    @Test func badArgumentsAreRefused() async throws {
        #expect(try await pyexec(["ask", "q", "--expect", "novalue"]).status != 0)
        #expect(try await pyexec(["ask", "q", "--yes", "--approve"]).status != 0)
        #expect(try await pyexec(["ask", "  "]).status != 0)
    }
}
