import Foundation
import PyEmbed
@testable import PythonExecutor
import Testing

/// The whole service against a real caproto IOC on 127.0.0.1 (`Examples/control_room/ioc.py`):
/// every refused write leaves the IOC's value as it was.
@Suite("Channel limits against a real EPICS IOC", .timeLimit(.minutes(5)))
struct EpicsIOCTests {
    static let setpoint = "MAG:QF1:CURRENT:SP"

    /// The database the IOC tests use.
    static var database: [String: Any] {
        [
            "_comment": "control-room test limits",
            setpoint: ["min_value": 0, "max_value": 20, "max_step": 5],
            "MAG:QF1:CURRENT:RB": ["writable": false],
            "BEAM:CURRENT": ["writable": false],
            "MAG:STUCK:SP": ["min_value": 0, "max_value": 10, "verification": ["level": "readback", "tolerance_absolute": 0.01]],
        ]
    }

    /// A process-tier service configuration talking to `ioc` through the EPICS connector.
    static func configuration(_ setup: LimitsSetup, _ ioc: TestIOC, writesEnabled: Bool = true, approval: ApprovalMode = .disabled) -> ExecutorConfiguration {
        var configuration = setup.configuration(.process, writesEnabled: writesEnabled)
        configuration.controlSystem.type = "epics"
        configuration.controlSystem.connector = .init(epicsTimeout: 10, epicsAddress: "127.0.0.1", epicsPort: ioc.port)
        configuration.approval.pythonExecution.mode = approval
        return configuration
    }

    /// Runs `body` with a fresh IOC and limits setup; the IOC is stopped afterwards whatever happens.
    func withIOC(_ body: (TestIOC, LimitsSetup) async throws -> Void) async throws {
        let ioc = try await TestIOC()
        defer { ioc.stop() }
        try await body(ioc, try LimitsSetup(WorkflowHarness(), database: Self.database))
        #expect(ioc.isRunning, "the IOC survived the test")
    }

    @Test func readsComeFromTheIOC() async throws {
        try await withIOC { ioc, setup in
            let code = "from osprey.runtime import read_channel\nresults = {'beam': read_channel('BEAM:CURRENT'), 'sp': read_channel('\(Self.setpoint)')}"
            let result = try await setup.run(code, Self.configuration(setup, ioc)).get()
            #expect(result.executionResult.results["beam"] == .float(500))
            #expect(result.executionResult.results["sp"] == .float(10))
        }
    }

    @Test func aWriteWithinTheLimitsChangesTheIOC() async throws {
        try await withIOC { ioc, setup in
            let code = "from osprey.runtime import write_channel, read_channel\nwrite_channel('\(Self.setpoint)', 13.5)\nresults = {'rb': read_channel('MAG:QF1:CURRENT:RB')}"
            let result = try await setup.run(code, Self.configuration(setup, ioc)).get()
            #expect(result.executionResult.results["rb"] == .float(13.5))
            #expect(try await ioc.read(Self.setpoint) == 13.5)
            #expect(try await ioc.read("MAG:QF1:CURRENT:RB") == 13.5)
        }
    }

    @Test("refused writes leave the IOC unchanged", arguments: [
        ("write_channel('\(setpoint)', 25)", setpoint, "MAX_EXCEEDED"),
        ("write_channel('\(setpoint)', -1)", setpoint, "MIN_EXCEEDED"),
        ("write_channel('\(setpoint)', 16)", setpoint, "MAX_STEP_EXCEEDED"),
        ("write_channel('BEAM:CURRENT', 400)", "BEAM:CURRENT", "READ_ONLY_CHANNEL"),
        ("write_channel('MAG:QF2:CURRENT:SP', 8)", "MAG:QF2:CURRENT:SP", "UNLISTED_CHANNEL"),
        ("write_channels({'\(setpoint)': 12, 'MAG:QF2:CURRENT:SP': 8})", "MAG:QF2:CURRENT:SP", "UNLISTED_CHANNEL"),
    ])
    func refusedWrites(_ write: String, _ channel: String, _ type: String) async throws {
        try await withIOC { ioc, setup in
            let before = try await ioc.read(channel)
            let outcome = try await setup.run("from osprey.runtime import write_channel, write_channels\n\(write)\nresults = {}", Self.configuration(setup, ioc))
            guard case let .failure(.channelLimitsViolation(violation)) = outcome else { Issue.record("got \(outcome)"); return }
            #expect(violation.violationType == type && violation.channel == channel)
            #expect(try await ioc.read(channel) == before)
            if type == "MAX_STEP_EXCEEDED" { #expect(violation.currentValue == 10 && violation.maxStep == 5) }
        }
    }

    @Test("writes through pyepics under any spelling are checked", arguments: [
        "import epics\nepics.caput('\(setpoint)', 99, wait=True)",
        "import epics\ngetattr(epics, 'ca' + 'put')('\(setpoint)', 99, wait=True)",
        "import importlib\nmodule = importlib.import_module('ep' + 'ics')\nmodule.caput('\(setpoint)', 99, wait=True)",
        "exec(\"import epics\\nepics.caput('\(setpoint)', 99, wait=True)\")",
        "import epics\npv = epics.PV('\(setpoint)')\npv.wait_for_connection(10)\npv.put(99, wait=True)",
        "import epics.ca as ca\nchid = ca.create_channel('\(setpoint)')\nca.connect_channel(chid, timeout=10)\nca.put(chid, 99, wait=True)",
    ])
    func indirectWrites(_ code: String) async throws {
        try await withIOC { ioc, setup in
            let approver = RecordingApprover(.approved(editedCode: nil))
            let configuration = Self.configuration(setup, ioc, approval: .controlWrites)
            let service = try setup.harness.service(StaticCodeGenerator(code: code + "\nresults = {}"), configuration: configuration, approval: approver)
            defer { service.shutDown() }
            let error = await failure { try await service.execute(request(retries: 1)) }
            guard case let .channelLimitsViolation(violation)? = error else {
                // Analysis may refuse a spelling outright (importlib, exec): then nothing ran either.
                guard case let .maxAttemptsExceeded(_, chain)? = error, chain.last?.errorType == .analysis else {
                    Issue.record("got \(String(describing: error))")
                    return
                }
                #expect(try await ioc.read(Self.setpoint) == 10)
                return
            }
            #expect(violation.violationType == "MAX_EXCEEDED" && violation.attemptedValue == 99)
            #expect(try await ioc.read(Self.setpoint) == 10)
        }
    }

    @Test func writesDisabledLeaveTheIOCUnchanged() async throws {
        try await withIOC { ioc, setup in
            let code = "import epics\ngetattr(epics, 'ca' + 'put')('\(Self.setpoint)', 12, wait=True)\nresults = {}"
            let outcome = try await setup.run(code, Self.configuration(setup, ioc, writesEnabled: false))
            guard case let .failure(.channelLimitsViolation(violation)) = outcome else { Issue.record("got \(outcome)"); return }
            #expect(violation.violationType == "WRITES_DISABLED")
            #expect(try await ioc.read(Self.setpoint) == 10)
        }
    }

    @Test func aFailedReadbackVerificationIsAnError() async throws {
        try await withIOC { ioc, setup in
            let outcome = try await setup.run("from osprey.runtime import write_channel\nwrite_channel('MAG:STUCK:SP', 4.0)\nresults = {}", Self.configuration(setup, ioc))
            guard case let .failure(.maxAttemptsExceeded(_, chain)) = outcome else { Issue.record("got \(outcome)"); return }
            #expect(chain.last?.errorMessage.contains("readback verification failed (wrote 4.0, read back 3.0, tolerance 0.01)") == true)
            #expect(try await ioc.read("MAG:STUCK:SP") == 3)
        }
    }

    @Test("a reference-style config.yml runs end to end through pyexec, and a violation reaches --json")
    func pyexecEndToEnd() async throws {
        let ioc = try await TestIOC()
        defer { ioc.stop() }
        let harness = try WorkflowHarness()
        let setup = try LimitsSetup(harness, database: Self.database)
        let config = harness.root.appendingPathComponent("config.yml")
        try """
        project_name: "control-room"
        build_dir: ./build
        project_root: \(harness.root.path)
        models:
          python_code_generator: {provider: openai, model_id: gpt-4o}
        execution:
          execution_method: local
          code_generator: basic
          generators:
            basic: {model_config_name: python_code_generator}
        python_executor:
          execution_timeout_seconds: 60
        control_system:
          type: epics
          writes_enabled: true
          limits_checking:
            enabled: true
            database_path: \(URL(fileURLWithPath: setup.databasePath).lastPathComponent)
            allow_unlisted_channels: false
            on_violation: error
          connector:
            epics:
              timeout: 10
              gateways:
                read_only: {address: 127.0.0.1, port: \(ioc.port)}
        approval:
          global_mode: disabled
        file_paths:
          agent_data_dir: \(harness.root.path)
        """.write(to: config, atomically: true, encoding: .utf8)
        let good = try await pyexec(["run", "-c", "from osprey.runtime import write_channel\nwrite_channel('\(Self.setpoint)', 14)\nresults = {'ok': True}", "--json", "--yes", "--config", config.path])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(try await ioc.read(Self.setpoint) == 14)
        let bad = try await pyexec(["run", "-c", "from osprey.runtime import write_channel\nwrite_channel('\(Self.setpoint)', 50)\nresults = {}", "--json", "--yes", "--config", config.path])
        #expect(bad.status != 0)
        let answer = try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any]
        let error = answer?["error"] as? [String: Any]
        let violation = error?["violation"] as? [String: Any]
        #expect(error?["type"] as? String == "ChannelLimitsViolationError")
        #expect(violation?["channel_address"] as? String == Self.setpoint && violation?["violation_type"] as? String == "MAX_EXCEEDED")
        #expect(violation?["attempted_value"] as? Double == 50 && violation?["max_value"] as? Double == 20 && violation?["min_value"] as? Double == 0)
        #expect(try await ioc.read(Self.setpoint) == 14)
    }
}
