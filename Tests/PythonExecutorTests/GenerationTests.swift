import Foundation
import PyEmbed
import Testing

@testable import PythonExecutor

#if canImport(Glibc)
import Glibc
#endif

@Suite("Code generation")
struct GenerationTests {
    // MARK: - Static and scripted generators

    @Test("the static generator returns its code whatever the errors")
    func staticGenerator() async throws {
        let generator = StaticCodeGenerator(code: "results = {'x': 1}")
        #expect(try await generator.generate(Self.request, errorChain: []) == "results = {'x': 1}")
        #expect(try await generator.generate(Self.request, errorChain: Self.chain(3)) == "results = {'x': 1}")
    }

    @Test("the scripted generator plays its behaviours in order and repeats the last one")
    func scriptedSequence() async throws {
        let generator = ScriptedCodeGenerator([.code("first"), .failure("model offline"), .code("last")])
        #expect(try await generator.generate(Self.request, errorChain: []) == "first")
        await #expect(throws: PythonExecutorError.codeGeneration(message: "model offline", attempt: 2, chain: Self.chain(1))) {
            try await generator.generate(Self.request, errorChain: Self.chain(1))
        }
        #expect(try await generator.generate(Self.request, errorChain: Self.chain(2)) == "last")
        #expect(try await generator.generate(Self.request, errorChain: Self.chain(3)) == "last")

        let calls = await generator.calls
        #expect(calls.count == 4)
        #expect(calls.map(\.chain.count) == [0, 1, 2, 3])
        #expect(calls.allSatisfy { $0.request == Self.request })
        #expect(await generator.callCount == 4)
    }

    @Test("an empty script behaves as success")
    func emptyScript() async throws {
        let code = try await ScriptedCodeGenerator([]).generate(Self.request, errorChain: [])
        let results = try Self.run(code)
        #expect(results["status"] == .string("success"))
    }

    @Test("each scripted behaviour produces code that fails or succeeds as named, in real CPython")
    func behavioursRunAsNamed() async throws {
        func code(_ behavior: ScriptedCodeGenerator.Behavior) async throws -> String {
            try await ScriptedCodeGenerator(behavior).generate(Self.request, errorChain: [])
        }
        #expect(try Self.run(await code(.success))["value"] == .int(42))

        let syntax = try #require(Self.exception(try await code(.syntaxError)))
        #expect(syntax.typeName == "SyntaxError")

        let runtime = try #require(Self.exception(try await code(.runtimeError)))
        #expect(runtime.typeName == "ZeroDivisionError")

        let missing = try await code(.missingResults)
        do {
            try Self.run(missing)
            Issue.record("missing_results code assigned results")
        } catch let PyEmbedError.missingVariable(name) {
            #expect(name == "results")
        }

        let prelude = """
            _writes = []
            def read_channel(name):
                return 10.0
            def write_channel(name, value):
                _writes.append((name, value))

            """
        let written = try Self.run(prelude + (try await code(.channelWrite)), extra: "_writes")
        #expect(written.results["channel"] == .string("DEVICE:PV:SETPOINT"))
        #expect(abs((written.results["new_value"]?.doubleValue ?? 0) - 11.0) < 1e-9)
        #expect(written.extra.items?.count == 1)

        let read = try Self.run(prelude + (try await code(.channelRead)), extra: "_writes")
        #expect(read.results["operation"] == .string("read_only"))
        #expect(read.extra.items?.isEmpty == true)

        // Not run (it lists / and spawns a process): it must parse and use the risky calls.
        let risky = try await code(.securityRisk)
        #expect(Self.exception("compile(source, '<risk>', 'exec')", inputs: ["source": risky]) == nil)
        #expect(risky.contains("subprocess.run(") && risky.contains("os.listdir("))
    }

    @Test("error-aware code is valid first and then fixes the kind of the last error", arguments: [
        (ExecutionError(errorType: .execution, errorMessage: "NameError: name 'np' is not defined", attemptNumber: 1, stage: "execution"), "import"),
        (ExecutionError(errorType: .execution, errorMessage: "the code failed", traceback: "Traceback…\nZeroDivisionError: division by zero", attemptNumber: 1, stage: "execution"), "zero_division"),
        (ExecutionError(errorType: .syntax, errorMessage: "'(' was never closed", attemptNumber: 1, stage: "analysis"), "syntax"),
        (ExecutionError(errorType: .execution, errorMessage: "did not create required 'results' dictionary", attemptNumber: 1, stage: "execution"), "missing_results"),
        (ExecutionError(errorType: .analysis, errorMessage: "writes are disabled", attemptNumber: 1, stage: "analysis"), "analysis"),
        (ExecutionError(errorType: .generation, errorMessage: "model offline", attemptNumber: 1, stage: "generation"), "generic"),
        // The typed failure decides, not words in the message.
        (ExecutionError(
            errorType: .execution, errorMessage: "the results went wrong", attemptNumber: 1, stage: "execution",
            failure: .runtime(message: "x", traceback: "", attempt: 1, exception: PythonException(typeName: "ZeroDivisionError", message: "division by zero"))),
         "zero_division"),
    ])
    func errorAware(last: ExecutionError, fix: String) async throws {
        let generator = ScriptedCodeGenerator(.errorAware)
        let first = try Self.run(try await generator.generate(Self.request, errorChain: []))
        #expect(first["mean"] == .float(2.0))
        #expect(first["fixed"] == nil)

        // An earlier, different error must not decide the fix: only the last one counts.
        let earlier = ExecutionError(errorType: .execution, errorMessage: "ZeroDivisionError", attemptNumber: 0, stage: "execution")
        let fixed = try await generator.generate(Self.request, errorChain: fix == "zero_division" ? [last] : [earlier, last])
        #expect(try Self.run(fixed)["fixed"] == .string(fix))
    }

    // MARK: - Prompt

    @Test("the prompt carries role, rules, query, task, expected results, capability prompts, context keys and plan")
    func promptContents() throws {
        var request = Self.request
        request.capabilityContextData = .dict(PythonDictionary([.init(key: .string("beam_current"), value: .float(1.5))]))
        request.structuredPlan = StructuredPlan(
            phases: [.init(name: "Load", subtasks: ["read the archive"])], resultSchema: ["mean_current": "float"],
            domainGuidance: "currents are in mA")
        let messages = OpenAICompatibleGenerator.prompt(for: request, errorChain: [])
        #expect(messages.map(\.role) == [.system, .user])
        let system = messages[0].content, user = messages[1].content
        #expect(system.contains("expert Python"))
        #expect(system.contains("accelerator"))
        #expect(system.contains("ONLY executable Python code"))
        #expect(system.contains("`results`"))
        #expect(system.contains("`context`"))
        #expect(system.contains("execution folder"))
        #expect(user.contains("**User Query:** What was the mean beam current?"))
        #expect(user.contains("**Your Task:** Compute the mean of the beam current"))
        #expect(user.contains("`mean_current`: the mean, in mA"))
        #expect(user.contains("Use numpy for statistics."))
        #expect(user.contains("`beam_current`"))
        #expect(user.contains("Phase 1: Load") && user.contains("  - read the archive") && user.contains("currents are in mA"))
        #expect(!user.contains("PREVIOUS ATTEMPT"))
        #expect(user.hasSuffix("Generate ONLY the Python code."))
    }

    @Test("without capability prompts the prompt gives the reference's fallback guidance")
    func promptFallbackGuidance() {
        var request = Self.request
        request.capabilityPrompts = []
        let user = OpenAICompatibleGenerator.prompt(for: request, errorChain: [])[1].content
        #expect(user.contains("GUIDANCE:"))
        #expect(!user.contains("**Context:**"))
    }

    // MARK: - Code extraction

    @Test("fences and surrounding prose are removed", arguments: [
        ("results = {'a': 1}", "results = {'a': 1}"),
        ("```python\nresults = {'a': 1}\n```", "results = {'a': 1}"),
        ("```\nresults = {'a': 1}\n```", "results = {'a': 1}"),
        ("```Python\nimport math\nresults = {'a': math.pi}\n```\n", "import math\nresults = {'a': math.pi}"),
        ("Here is the code:\n\n```py\nresults = {}\n```\nIt assigns results.", "results = {}"),
        ("```text\nnot code\n```\n```python\nresults = {'b': 2}\n```", "results = {'b': 2}"),
        ("```python\nresults = {'cut': True}", "results = {'cut': True}"),
        ("```python\nresults = {'x': 3}```", "results = {'x': 3}"),
        ("```results = {'one': 1}```", "results = {'one': 1}"),
        ("`results = {}`", "results = {}"),
        ("  \n```python\ns = '''\n    kept indent\n'''\nresults = {'s': s}\n```  ", "s = '''\n    kept indent\n'''\nresults = {'s': s}"),
    ])
    func extraction(answer: String, code: String) throws {
        #expect(try OpenAICompatibleGenerator.extractCode(from: answer) == code)
    }

    @Test("an empty or fence-only answer is a generation error", arguments: ["", "   \n ", "```", "```python\n```", "```python\n\n   \n```", "``` ```"])
    func extractionFailures(answer: String) {
        #expect(throws: PythonExecutorError.self) { try OpenAICompatibleGenerator.extractCode(from: answer) }
        do {
            _ = try OpenAICompatibleGenerator.extractCode(from: answer)
        } catch {
            guard case let .codeGeneration(message, _, _, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(message.contains("empty answer") || message.contains("no code"))
        }
    }

    // MARK: - HTTP against a real server

    @Test("the request carries the prompt, the model, the key and only the last two errors; fences are stripped")
    func requestContents() async throws {
        let server = try ChatServer.start([.content("Sure!\n```python\nresults = {'mean': 1.0}\n```\nDone.")])
        defer { server.stop() }
        let keyVariable = "PYEXEC_TEST_KEY_\(UUID().uuidString.prefix(8))"
        setenv(keyVariable, "sk-test-123", 1)
        defer { unsetenv(keyVariable) }
        let generator = OpenAICompatibleGenerator(
            baseURL: server.baseURL, model: "coder-7b", apiKeyEnvironmentVariable: keyVariable, timeout: .seconds(10), temperature: 0.2)

        let chain = [
            ExecutionError(errorType: .execution, errorMessage: "third-to-last marker", attemptNumber: 1, stage: "execution"),
            ExecutionError(errorType: .syntax, errorMessage: "second-to-last marker", failedCode: "def f(", attemptNumber: 2, stage: "analysis"),
            ExecutionError(errorType: .execution, errorMessage: "last marker", traceback: "Traceback: ZeroDivisionError", attemptNumber: 3, stage: "execution"),
        ]
        let code = try await generator.generate(Self.request, errorChain: chain)
        #expect(code == "results = {'mean': 1.0}")

        let recorded = try server.requests()
        let request = try #require(recorded.first)
        #expect(recorded.count == 1)
        #expect(request.path == "/v1/chat/completions")
        #expect(request.headers["authorization"] == "Bearer sk-test-123")
        #expect(request.headers["content-type"]?.hasPrefix("application/json") == true)
        let body = try #require(request.body)
        #expect(body["model"] as? String == "coder-7b")
        #expect(body["temperature"] as? Double == 0.2)
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect(messages.map { $0["role"] as? String } == ["system", "user"])
        let user = try #require(messages[1]["content"] as? String)
        #expect(user.contains("What was the mean beam current?"))
        #expect(user.contains("Compute the mean of the beam current"))
        #expect(user.contains("mean_current"))
        #expect(user.contains("Use numpy for statistics."))
        #expect(user.contains(chain[1].promptText))
        #expect(user.contains(chain[2].promptText))
        #expect(user.contains("def f("))
        #expect(user.contains("Traceback: ZeroDivisionError"))
        #expect(!user.contains("third-to-last marker"))
    }

    @Test("no key variable set means no Authorization header, and no temperature is sent by default")
    func noKeyNoTemperature() async throws {
        let server = try ChatServer.start([.content("results = {}")])
        defer { server.stop() }
        let generator = OpenAICompatibleGenerator(
            baseURL: server.baseURL, model: "m", apiKeyEnvironmentVariable: "PYEXEC_TEST_UNSET_\(UUID().uuidString.prefix(8))",
            timeout: .seconds(10))
        #expect(try await generator.generate(Self.request, errorChain: []) == "results = {}")
        let request = try #require(try server.requests().first)
        #expect(request.headers["authorization"] == nil)
        let body = try #require(request.body)
        #expect(body["temperature"] == nil)
        #expect(body["model"] as? String == "m")
    }

    @Test("bad answers are generation errors with the attempt and the chain", arguments: [
        (ChatServer.Reply.status(500, #"{"error": "model overloaded"}"#), "HTTP 500"),
        (.status(401, "invalid key"), "invalid key"),
        (.content(""), "empty answer"),
        (.content("```python\n```"), "no code"),
        (.raw("this is not json"), "not a chat completion"),
        (.raw(#"{"choices": []}"#), "no choices"),
        (.raw(#"{"choices": [{"message": {"role": "assistant", "content": null}}]}"#), "empty answer"),
    ])
    func badAnswers(reply: ChatServer.Reply, expected: String) async throws {
        let server = try ChatServer.start([reply])
        defer { server.stop() }
        let generator = OpenAICompatibleGenerator(baseURL: server.baseURL, model: "m", timeout: .seconds(10))
        let chain = Self.chain(2)
        do {
            let code = try await generator.generate(Self.request, errorChain: chain)
            Issue.record("expected an error, got code \(code)")
        } catch {
            guard case let .codeGeneration(message, attempt, errorChain, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(message.contains(expected), "\(message)")
            #expect(attempt == 3)
            #expect(errorChain == chain)
        }
        #expect(try server.requests().count == 1)
    }

    @Test("a 500 answer names the status code and an excerpt of the body")
    func serverErrorMessage() async throws {
        let server = try ChatServer.start([.status(500, #"{"error": "model overloaded"}"#)])
        defer { server.stop() }
        let generator = OpenAICompatibleGenerator(baseURL: server.baseURL, model: "m", timeout: .seconds(10))
        let error = await #expect(throws: PythonExecutorError.self) { try await generator.generate(Self.request, errorChain: []) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("HTTP 500"))
        #expect(text.contains("model overloaded"))
        #expect(text.contains("/v1/chat/completions"))
    }

    @Test("a server that is not listening is an error, not a hang")
    func notListening() async throws {
        let server = try ChatServer.start([.content("results = {}")])
        let url = server.baseURL
        server.stop()
        let generator = OpenAICompatibleGenerator(baseURL: url, model: "m", timeout: .seconds(2))
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: PythonExecutorError.self) { try await generator.generate(Self.request, errorChain: []) }
        #expect(clock.now - start < .seconds(290), "an unreachable server fails instead of hanging")
        // Refused at once, or — on a machine too busy to say so before the 2 s limit — not answered in time.
        #expect(error.map { "\($0)" }.map { $0.contains("cannot reach") || $0.contains("no answer") } == true)
    }

    @Test("a server that never answers hits the timeout")
    func slowServer() async throws {
        let server = try ChatServer.start([.delayed(seconds: 300)])
        defer { server.stop() }
        let generator = OpenAICompatibleGenerator(baseURL: server.baseURL, model: "m", timeout: .seconds(1))
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: PythonExecutorError.self) { try await generator.generate(Self.request, errorChain: []) }
        // The bound is loose because it is measured by this test's task, which a suite full of blocking
        // tests may keep waiting for a thread long after the request ended; the message proves the timeout.
        #expect(clock.now - start < .seconds(290), "the 1 s timeout ends the request before the server's 300 s delay")
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("within 1 s") || text.contains("cannot reach"), "\(text)")
    }

    // MARK: - Fixtures

    static let request = PythonExecutionRequest(
        userQuery: "What was the mean beam current?", taskObjective: "Compute the mean of the beam current",
        expectedResults: ["mean_current": "the mean, in mA"], capabilityPrompts: ["Use numpy for statistics."],
        executionFolderName: "beam")

    /// `count` distinct chain entries.
    static func chain(_ count: Int) -> [ExecutionError] {
        (0..<count).map { ExecutionError(errorType: .execution, errorMessage: "error \($0 + 1)", attemptNumber: $0 + 1, stage: "execution") }
    }

    /// Runs `code` in the embedded CPython and returns its `results`.
    @discardableResult
    static func run(_ code: String) throws -> PythonValue {
        try run(code, extra: nil).results
    }

    /// Runs `code` and returns its `results` and the variable `extra`.
    static func run(_ code: String, extra: String?) throws -> (results: PythonValue, extra: PythonValue) {
        try PythonRuntime.start().withGIL { gil throws(PyEmbedError) in
            let output = try gil.run(code)
            let results = try output.value("results", as: PythonValue.self, gil)
            let other = try extra.map { name throws(PyEmbedError) in try output.value(name, as: PythonValue.self, gil) } ?? .none
            return (results, other)
        }
    }

    /// The exception `code` raises, or `nil` when it runs.
    static func exception(_ code: String, inputs: [String: String] = [:]) -> PythonException? {
        do {
            try PythonRuntime.start().withGIL { gil throws(PyEmbedError) in
                _ = try gil.run(code, inputs: inputs)
            }
            return nil
        } catch let PyEmbedError.exception(exception) {
            return exception
        } catch {
            return PythonException(typeName: "PyEmbedError", message: "\(error)")
        }
    }
}

extension GenerationTests {
    /// A real OpenAI-style chat server on 127.0.0.1 (Python's `http.server`), answering from a script.
    ///
    /// Every request is appended to a log before it is answered, so a test can read
    /// what the client sent once the client has its answer.
    struct ChatServer {
        /// One scripted answer.
        enum Reply: Sendable {
            /// 200 with a chat completion whose content is this text.
            case content(String)
            /// This status with this body.
            case status(Int, String)
            /// 200 with this body, as is.
            case raw(String)
            /// No answer for this long.
            case delayed(seconds: Double)

            var json: [String: Any] {
                switch self {
                case let .content(text): return ["content": text]
                case let .status(code, body): return ["status": code, "text": body]
                case let .raw(body): return ["text": body]
                case let .delayed(seconds): return ["delay": seconds, "content": "results = {}"]
                }
            }
        }

        /// One request the server received.
        struct Recorded {
            var path: String
            var headers: [String: String]
            var body: [String: Any]?
        }

        let process: Process
        let folder: URL
        let port: Int

        var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/v1") ?? URL(fileURLWithPath: "/") }
        var logURL: URL { folder.appendingPathComponent("requests.jsonl") }

        static let script = #"""
        import json, signal, sys, threading, time
        from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

        # The test process blocks most signals in its threads and children inherit the mask.
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

        queue_path, log_path = sys.argv[1], sys.argv[2]
        with open(queue_path) as f:
            queue = json.load(f)
        lock = threading.Lock()
        served = [0]

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
                with lock:
                    reply = queue[min(served[0], len(queue) - 1)]
                    served[0] += 1
                    with open(log_path, "a") as log:
                        log.write(json.dumps({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}) + "\n")
                if reply.get("delay"):
                    time.sleep(reply["delay"])
                if "text" in reply:
                    payload = reply["text"]
                else:
                    payload = json.dumps({"id": "chatcmpl-test", "object": "chat.completion", "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": reply["content"]}, "finish_reason": "stop"}]})
                data = payload.encode()
                try:
                    self.send_response(reply.get("status", 200))
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

        /// Starts a server that answers `replies` in order (the last one repeats).
        static func start(_ replies: [Reply]) throws -> ChatServer {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chat-server-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let scriptURL = folder.appendingPathComponent("server.py"), queueURL = folder.appendingPathComponent("queue.json")
            try script.write(to: scriptURL, atomically: true, encoding: .utf8)
            try JSONSerialization.data(withJSONObject: replies.map(\.json)).write(to: queueURL)

            let venvPython = FileManager.default.currentDirectoryPath + "/.venv/bin/python"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: venvPython) ? venvPython : "/usr/bin/python3")
            process.arguments = [scriptURL.path, queueURL.path, folder.appendingPathComponent("requests.jsonl").path]
            let output = Pipe()
            process.standardOutput = output
            try process.run()

            var text = ""
            while !text.contains("\n") {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                process.terminate()
                throw ChatServerError(message: "the test server did not print its port: '\(text)'")
            }
            return ChatServer(process: process, folder: folder, port: port)
        }

        /// The requests received so far, oldest first.
        func requests() throws -> [Recorded] {
            guard FileManager.default.fileExists(atPath: logURL.path) else { return [] }
            return try String(contentsOf: logURL, encoding: .utf8).split(separator: "\n").map { line in
                let entry = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
                let bodyText = entry["body"] as? String ?? ""
                return Recorded(
                    path: entry["path"] as? String ?? "",
                    headers: entry["headers"] as? [String: String] ?? [:],
                    body: try? JSONSerialization.jsonObject(with: Data(bodyText.utf8)) as? [String: Any])
            }
        }

        /// Stops the server and removes its folder.
        func stop() {
            if process.isRunning {
                process.terminate()
                let deadline = Date().addingTimeInterval(2)
                while process.isRunning && Date() < deadline { usleep(10_000) }
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                }
            }
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// The test server could not start.
    struct ChatServerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
