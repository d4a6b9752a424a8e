import Foundation
import PyEmbed
import PyEmbedProcess
@testable import PythonExecutor
import Testing
import Synchronization

/// One warm service, many callers: each run's own code, session, time limit, approval handler and output stream.
@Suite("Per-run overrides and sessions")
struct RunOverridesTests {
    static func code(_ text: String) -> RunOverrides { RunOverrides(generator: StaticCodeGenerator(code: text)) }

    @Test("a session keeps variables across runs until reset, in both tiers", arguments: [ExecutorConfiguration.Isolation.process, .inProcess])
    func sessionsKeepVariables(isolation: ExecutorConfiguration.Isolation) async throws {
        let harness = try WorkflowHarness()
        var configuration = harness.configuration()
        configuration.execution.isolation = isolation
        let service = try harness.service(StaticCodeGenerator(code: "results = {'unused': True}"), configuration: configuration)
        defer { service.shutDown() }
        let session = service.makeSession(named: "s")
        var overrides = Self.code("counter = 41\nresults = {'set': True}")
        overrides.session = session
        _ = success(try await service.execute(request(retries: 1), overrides: overrides))
        overrides.generator = StaticCodeGenerator(code: "counter += 1\nresults = {'counter': counter}")
        let second = success(try await service.execute(request(retries: 1), overrides: overrides))
        #expect(second?.executionResult.results["counter"] == .int(42))

        // Without the session the variable is not there; an earlier run's `results` never passes for a new run's.
        let fresh = success(try await service.execute(request(retries: 1), overrides: Self.code("results = {'seen': 'counter' in globals()}")))
        #expect(fresh?.executionResult.results["seen"] == .bool(false))
        overrides.generator = StaticCodeGenerator(code: "unrelated = 1")
        await #expect(throws: PythonExecutorError.self) { try await service.execute(request(retries: 1), overrides: overrides) }

        session.reset()
        overrides.generator = StaticCodeGenerator(code: "results = {'counter': counter}")
        do {
            _ = try await service.execute(request(retries: 1), overrides: overrides)
            Issue.record("the variable survived the reset")
        } catch {
            #expect("\(error)".contains("NameError"))
        }
    }

    /// When each run's status events arrived.
    final class EventTimes: Sendable {
        let times = Mutex<[String: [Date]]>([:])
        func note(_ name: String, _ date: Date) { times.withLock { $0[name, default: []].append(date) } }
        func of(_ name: String) -> [Date] { times.withLock { $0[name] ?? [] } }
    }

    @Test func runsOfOneSessionTakeTurns() async throws {
        let harness = try WorkflowHarness()
        var configuration = harness.configuration()
        configuration.execution.isolation = .inProcess
        let service = try harness.service(StaticCodeGenerator(code: "results = {}"), configuration: configuration)
        let session = service.makeSession(named: "turns")
        let times = EventTimes()
        let run: @Sendable (String, String) async throws -> Void = { name, code in
            var overrides = Self.code(code)
            overrides.session = session
            _ = try await service.execute(request(retries: 1), overrides: overrides) { times.note(name, $0.timestamp) }
        }
        let first = Task { try await run("first", "import time\ntime.sleep(0.5)\nmark = 'first'\nresults = {}") }
        while times.of("first").isEmpty { await Task.yield() }
        try await run("second", "results = {'mark': mark}")
        try await first.value
        // The whole second workflow (generation and analysis included) waited for the first's end.
        #expect(try #require(times.of("second").min()) >= (try #require(times.of("first").max())))
    }

    @Test func aRunsTimeLimitAndOutputStreamApplyToThatRunOnly() async throws {
        let harness = try WorkflowHarness()
        let service = try harness.service(StaticCodeGenerator(code: "results = {}"))
        defer { service.shutDown() }
        var slow = Self.code("import time\ntime.sleep(30)\nresults = {}")
        slow.timeoutSeconds = 0.5
        do {
            _ = try await service.execute(request(retries: 1), overrides: slow)
            Issue.record("the 0.5 s limit did not apply")
        } catch {
            #expect("\(error)".contains("ran longer than"))
        }
        let printed = Mutex("")
        var chatty = Self.code("print('streamed line')\nresults = {'ok': True}")
        chatty.onOutput = { chunk in printed.withLock { $0 += chunk.text } }
        let result = success(try await service.execute(request(retries: 1), overrides: chatty))
        #expect(result?.executionResult.results["ok"] == .bool(true))
        #expect(printed.withLock { $0 }.contains("streamed line"))
    }

    @Test func aRunsApprovalHandlerIsAskedInsteadOfTheServices() async throws {
        let harness = try WorkflowHarness()
        let service = try harness.service(
            StaticCodeGenerator(code: "results = {}"), configuration: harness.configuration(approval: .allCode))
        defer { service.shutDown() }
        var overrides = Self.code("results = {'ran': True}")
        overrides.approvalHandler = ClosureApprovalHandler { _ in .rejected(reason: "not this one") }
        guard case let .rejected(reason, _, _) = try await service.execute(request(retries: 1), overrides: overrides) else {
            Issue.record("the run's handler was not asked")
            return
        }
        #expect(reason == "not this one")
        // Without a handler of its own the run stops for approval, as the service's policy says.
        guard case .pendingApproval = try await service.execute(request(retries: 1), overrides: Self.code("results = {}")) else {
            Issue.record("expected a pending approval")
            return
        }
    }

    @Test func analyseReportsWithoutRunning() async throws {
        let harness = try WorkflowHarness()
        let service = try harness.service(StaticCodeGenerator(code: "results = {}"), configuration: harness.configuration(approval: .controlWrites, writesEnabled: true))
        defer { service.shutDown() }
        let marker = harness.root.appendingPathComponent("ran").path
        let (report, approval) = try await service.analyse("open(\(String(reflecting: marker)), 'w')\ncaput('X:Y', 1)\nresults = {}")
        #expect(report.channelWrites.count == 1)
        #expect(approval.needsApproval)
        #expect(!FileManager.default.fileExists(atPath: marker))
        await #expect(throws: PythonExecutorError.self) {
            try await service.analyse(String(repeating: "x", count: harness.configuration().pythonExecutor.maxSourceBytes + 1))
        }
    }
}
