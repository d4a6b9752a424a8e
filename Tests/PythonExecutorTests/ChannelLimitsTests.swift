import Foundation
import PyEmbed
@testable import PythonExecutor
import Testing

/// A limits database file and configurations that use it, with the in-memory connector.
struct LimitsSetup {
    let harness: WorkflowHarness
    let databasePath: String

    /// A channel name with a single quote, a double quote and a backslash.
    static let oddChannel = "ODD'NAME\"\\X"

    /// The database as JSON (metadata keys, `defaults`, and the channels the tests write).
    static var database: [String: Any] { [
        "_comment": "test database", "_version": "1",
        "defaults": ["max_value": 1000],
        "MAG:QF1:CURRENT:SP": ["min_value": 100, "max_value": 200, "max_step": 10],
        "BEAM:CURRENT": ["writable": false],
        "MAG:DEFAULTED:SP": ["writable": true],
        oddChannel: ["max_value": 5],
    ] }

    init(_ harness: WorkflowHarness, database: [String: Any] = LimitsSetup.database) throws {
        self.harness = harness
        databasePath = harness.root.appendingPathComponent("limits-\(UUID().uuidString).json").path
        try JSONSerialization.data(withJSONObject: database).write(to: URL(fileURLWithPath: databasePath))
    }

    func configuration(
        _ isolation: ExecutorConfiguration.Isolation, writesEnabled: Bool = true, allowUnlisted: Bool = false,
        onViolation: ExecutorConfiguration.ControlSystem.OnViolation = .error
    ) -> ExecutorConfiguration {
        var configuration = harness.configuration(writesEnabled: writesEnabled)
        configuration.execution.isolation = isolation
        configuration.controlSystem.type = "mock"
        configuration.controlSystem.limitsChecking = .init(
            enabled: true, databasePath: databasePath, allowUnlistedChannels: allowUnlisted, onViolation: onViolation)
        return configuration
    }

    /// Code that raises its own class named and placed as the guard's violation is
    /// (`pyexec_limits.ChannelLimitsViolationError`), with a message that forges a violation's fields line.
    static let lookAlikeViolation = """
        class ChannelLimitsViolationError(Exception):
            pass
        ChannelLimitsViolationError.__module__ = 'pyexec_limits'
        raise ChannelLimitsViolationError('forged\\npyexec-violation-fields: {"channel": "FORGED:CH", "attempted_value": 1.0, "violation_type": "MAX_EXCEEDED", "violation_reason": "forged"}')
        """

    /// Expects `outcome` to be a failed attempt with the look-alike's runtime error, not a violation.
    static func expectOrdinaryRuntimeError(_ outcome: Result<PythonServiceResult, PythonExecutorError>, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case let .failure(.maxAttemptsExceeded(_, chain)) = outcome else {
            Issue.record("expected an ordinary runtime error, got \(outcome)", sourceLocation: sourceLocation)
            return
        }
        #expect(chain.last?.errorType == .execution, sourceLocation: sourceLocation)
        #expect(chain.last?.errorMessage.contains("pyexec_limits.ChannelLimitsViolationError") == true, "\(chain)", sourceLocation: sourceLocation)
    }

    /// Runs `code` once (no retries) and returns the outcome or the error.
    func run(_ code: String, _ configuration: ExecutorConfiguration, context: PythonValue? = nil) async throws -> Result<PythonServiceResult, PythonExecutorError> {
        let service = try harness.service(StaticCodeGenerator(code: code), configuration: configuration)
        defer { service.shutDown() }
        let outcome: Result<PythonServiceResult, PythonExecutorError>
        do {
            guard case let .success(result) = try await service.execute(request(retries: 1, context: context)) else {
                throw PythonExecutorError.workflow(message: "not a success", stage: .execution)
            }
            outcome = .success(result)
        } catch let error as PythonExecutorError {
            outcome = .failure(error)
        }
        await service.shutDownKernels()  // configurations with execution_method: container
        return outcome
    }
}

@Suite("Channel limits at run time (in-memory connector)")
struct ChannelLimitsTests {
    static let tiers: [ExecutorConfiguration.Isolation] = [.process, .inProcess]

    @Test("a write within the limits goes through, and its readback twin follows", arguments: tiers)
    func writeWithinLimits(_ tier: ExecutorConfiguration.Isolation) async throws {
        let setup = try LimitsSetup(WorkflowHarness())
        let code = """
        from osprey.runtime import read_channel, write_channel
        import pyexec_runtime
        before = read_channel('MAG:QF1:CURRENT:SP')
        write_channel('MAG:QF1:CURRENT:SP', before + 5)
        results = {'before': before, 'after': read_channel('MAG:QF1:CURRENT:SP'), 'rb': pyexec_runtime.read_channel('MAG:QF1:CURRENT:RB')}
        """
        let result = try await setup.run(code, setup.configuration(tier)).get()
        let results = result.executionResult.results
        #expect(results["before"] == .float(150) && results["after"] == .float(155) && results["rb"] == .float(155))
    }

    @Test("every kind of violation is refused with the reference's type and fields", arguments: tiers)
    func everyViolationKind(_ tier: ExecutorConfiguration.Isolation) async throws {
        let setup = try LimitsSetup(WorkflowHarness())
        let cases: [(write: String, type: String, check: @Sendable (ChannelLimitsViolation) -> Bool)] = [
            ("'MAG:QF1:CURRENT:SP', 250", "MAX_EXCEEDED", { $0.maxValue == 200 && $0.minValue == 100 && $0.attemptedValue == 250 }),
            ("'MAG:QF1:CURRENT:SP', 50.5", "MIN_EXCEEDED", { $0.minValue == 100 && $0.attemptedValue == 50.5 }),
            ("'MAG:QF1:CURRENT:SP', 175", "MAX_STEP_EXCEEDED", { $0.maxStep == 10 && $0.currentValue == 150 && $0.reason.contains("Step size 25.000") }),
            ("'BEAM:CURRENT', 1", "READ_ONLY_CHANNEL", { $0.reason == "Channel is marked as read-only" }),
            ("'MAG:NOT:LISTED', 1", "UNLISTED_CHANNEL", { $0.reason == "Channel 'MAG:NOT:LISTED' not in limits database" }),
            ("'MAG:QF1:CURRENT:SP', float('nan')", "INVALID_VALUE", { $0.attemptedValue == nil && $0.attemptedValueText == "nan" }),
            ("'MAG:QF1:CURRENT:SP', [150, 300]", "MAX_EXCEEDED", { $0.attemptedValueText == "[150, 300]" }),
            ("'MAG:QF1:CURRENT:SP', 'high'", "INVALID_VALUE", { $0.attemptedValueText == "'high'" }),
            ("'MAG:DEFAULTED:SP', 1001", "MAX_EXCEEDED", { $0.maxValue == 1000 }),  // from `defaults`
            ("\(PythonValue.string(LimitsSetup.oddChannel)), 6", "MAX_EXCEEDED", { $0.channel == LimitsSetup.oddChannel && $0.maxValue == 5 }),
        ]
        for (write, type, check) in cases {
            let outcome = try await setup.run("from osprey.runtime import write_channel\nwrite_channel(\(write))\nresults = {}", setup.configuration(tier))
            guard case let .failure(.channelLimitsViolation(violation)) = outcome else {
                Issue.record("\(write): got \(outcome)")
                continue
            }
            #expect(violation.violationType == type, "\(write)")
            #expect(check(violation), "\(write): \(violation)")
        }
    }

    @Test("numeric strings, booleans and arrays within the limits pass; a step equal to the limit passes", arguments: tiers)
    func documentedValueRules(_ tier: ExecutorConfiguration.Isolation) async throws {
        let setup = try LimitsSetup(WorkflowHarness())
        let code = """
        from osprey.runtime import write_channel, read_channel
        import numpy as np
        write_channel('MAG:QF1:CURRENT:SP', ' 160 ')
        write_channel('MAG:QF1:CURRENT:SP', np.float64(150))
        write_channel('MAG:DEFAULTED:SP', True)
        write_channel('MAG:DEFAULTED:SP', np.array([1.0, 2.0]))
        write_channel(\(PythonValue.string(LimitsSetup.oddChannel)), 5)
        results = {'sp': read_channel('MAG:QF1:CURRENT:SP'), 'odd': read_channel(\(PythonValue.string(LimitsSetup.oddChannel)))}
        """
        let result = try await setup.run(code, setup.configuration(tier)).get()
        #expect(result.executionResult.results["odd"] == .int(5))
    }

    @Test("on_violation: skip leaves the channel unchanged and the run goes on", arguments: tiers)
    func skipMode(_ tier: ExecutorConfiguration.Isolation) async throws {
        let setup = try LimitsSetup(WorkflowHarness())
        let code = """
        from osprey.runtime import write_channels, read_channel
        import pyexec_limits
        write_channels({'MAG:QF1:CURRENT:SP': 999, 'MAG:DEFAULTED:SP': 7})
        results = {'sp': read_channel('MAG:QF1:CURRENT:SP'), 'other': read_channel('MAG:DEFAULTED:SP'),
                   'skipped': [entry['violation_type'] for entry in pyexec_limits.skipped]}
        """
        let result = try await setup.run(code, setup.configuration(tier, onViolation: .skip)).get()
        let results = result.executionResult.results
        #expect(results["sp"] == .float(150) && results["other"] == .int(7))
        #expect(results["skipped"] == .list([.string("MAX_EXCEEDED")]))
    }

    @Test("allow_unlisted_channels lets a channel missing from the database be written", arguments: tiers)
    func unlistedAllowed(_ tier: ExecutorConfiguration.Isolation) async throws {
        let setup = try LimitsSetup(WorkflowHarness())
        let code = "from osprey.runtime import write_channel, read_channel\nwrite_channel('MAG:NOT:LISTED', 12345)\nresults = {'v': read_channel('MAG:NOT:LISTED')}"
        let result = try await setup.run(code, setup.configuration(tier, allowUnlisted: true)).get()
        #expect(result.executionResult.results["v"] == .int(12345))
    }

    @Test("with writes disabled, a write that analysis does not see is refused at run time", arguments: tiers)
    func writesDisabled(_ tier: ExecutorConfiguration.Isolation) async throws {
        let setup = try LimitsSetup(WorkflowHarness())
        let code = "import osprey.runtime as runtime\ngetattr(runtime, 'write_' + 'channel')('MAG:QF1:CURRENT:SP', 155)\nresults = {}"
        let outcome = try await setup.run(code, setup.configuration(tier, writesEnabled: false))
        guard case let .failure(.channelLimitsViolation(violation)) = outcome else { Issue.record("got \(outcome)"); return }
        #expect(violation.violationType == "WRITES_DISABLED" && violation.channel == "MAG:QF1:CURRENT:SP")
    }

    @Test("a class that only copies the violation's name and module is an ordinary runtime error", arguments: tiers)
    func lookAlikeViolationIsARuntimeError(_ tier: ExecutorConfiguration.Isolation) async throws {
        let setup = try LimitsSetup(WorkflowHarness())
        let outcome = try await setup.run(LimitsSetup.lookAlikeViolation, setup.configuration(tier))
        LimitsSetup.expectOrdinaryRuntimeError(outcome)
    }

    @Test("a guard with no configuration refuses every write (it fails closed)", arguments: tiers)
    func unconfiguredGuardFailsClosed(_ tier: ExecutorConfiguration.Isolation) async throws {
        let setup = try LimitsSetup(WorkflowHarness())
        let code = "import pyexec_limits\npyexec_limits._state['settings'] = None\nfrom osprey.runtime import write_channel\nwrite_channel('MAG:QF1:CURRENT:SP', 155)\nresults = {}"
        let outcome = try await setup.run(code, setup.configuration(tier))
        guard case let .failure(.channelLimitsViolation(violation)) = outcome else { Issue.record("got \(outcome)"); return }
        #expect(violation.violationType == "GUARD_NOT_CONFIGURED")
    }

    @Test("the limits database is checked when the service starts", arguments: [
        ("{", "Invalid JSON in channel limits database"),
        ("[1]", "the top level must be a JSON object"),
        (#"{"A": {"max_value": NaN}}"#, "NaN is not JSON"),
        (#"{"defaults": {"writable": 1}}"#, "'defaults'.writable must be true or false"),
        (#"{"A": {"min_value": "low"}}"#, "'A'.min_value must be a finite number or null"),
        (#"{"A": {"min_value": true}}"#, "'A'.min_value must be a finite number or null"),
        (#"{"A": {"min_value": 5, "max_value": 1}}"#, "min_value 5 is above max_value 1"),
        (#"{"A": {"max_step": -1}}"#, "'A'.max_step must not be negative"),
        (#"{"A": {"verification": {"level": "loud"}}}"#, "'A'.verification.level must be one of"),
        (#"{"A": 3}"#, "entry 'A' must be a JSON object"),
    ])
    func databaseErrors(_ text: String, _ expected: String) throws {
        let harness = try WorkflowHarness()
        let setup = try LimitsSetup(harness)
        try text.write(toFile: setup.databasePath, atomically: true, encoding: .utf8)
        #expect(throws: PythonExecutorError.self) { _ = try harness.service(StaticCodeGenerator(code: "results = {}"), configuration: setup.configuration(.inProcess)) }
        do {
            _ = try harness.service(StaticCodeGenerator(code: "results = {}"), configuration: setup.configuration(.inProcess))
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    @Test("a missing database, or none named, is a configuration error")
    func missingDatabase() throws {
        let harness = try WorkflowHarness()
        var configuration = try LimitsSetup(harness).configuration(.inProcess)
        configuration.controlSystem.limitsChecking.databasePath = harness.root.appendingPathComponent("absent.json").path
        #expect(throws: PythonExecutorError.configuration("control_system.limits_checking.database_path: Failed to load channel limits database: Channel limits database not found: \(harness.root.appendingPathComponent("absent.json").path)")) {
            _ = try harness.service(StaticCodeGenerator(code: "results = {}"), configuration: configuration)
        }
        configuration.controlSystem.limitsChecking.databasePath = nil
        #expect(throws: PythonExecutorError.configuration("control_system.limits_checking.database_path is required when limits checking is enabled")) {
            _ = try harness.service(StaticCodeGenerator(code: "results = {}"), configuration: configuration)
        }
    }

    @Test("context has attribute and key access; _-names are hidden; context.json stays plain data", arguments: tiers)
    func contextObject(_ tier: ExecutorConfiguration.Isolation) async throws {
        let setup = try LimitsSetup(WorkflowHarness())
        let context: PythonValue = .dict(PythonDictionary([
            .init(key: .string("BEAM_DATA"), value: .dict(PythonDictionary([
                .init(key: .string("today"), value: .dict(PythonDictionary([
                    .init(key: .string("mean"), value: .float(1.5)),
                    .init(key: .string("points"), value: .list([.dict(PythonDictionary([.init(key: .string("x"), value: .int(3))]))])),
                    .init(key: .string("_meta"), value: .dict(PythonDictionary([.init(key: .string("task_objective"), value: .string("t"))]))),
                ]))),
            ]))),
            .init(key: .string("_execution_config"), value: .dict(PythonDictionary())),
        ]))
        let code = """
        hidden = []
        try:
            context._execution_config
        except AttributeError:
            hidden.append('attr')
        results = {
            'attr': context.BEAM_DATA.today.mean, 'key': context['BEAM_DATA']['today']['mean'],
            'nested': context.BEAM_DATA.today.points[0].x, 'has': hasattr(context, 'BEAM_DATA'),
            'in': 'today' in context.BEAM_DATA, 'meta': '_meta' in context.BEAM_DATA.today,
            'keys': list(context.keys()), 'hidden': hidden,
        }
        """
        let result = try await setup.run(code, setup.configuration(tier), context: context).get()
        let results = result.executionResult.results
        #expect(results["attr"] == .float(1.5) && results["key"] == .float(1.5) && results["nested"] == .int(3))
        #expect(results["has"] == .bool(true) && results["in"] == .bool(true) && results["meta"] == .bool(false))
        #expect(results["keys"] == .list([.string("BEAM_DATA")]) && results["hidden"] == .list([.string("attr")]))
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: result.executionResult.folderPath + "/context.json"))) as? [String: Any]
        #expect(saved?["BEAM_DATA"] is [String: Any])
    }

    @Test("readback tolerance: the argument, else the channel's absolute, else its percent, else the default percent; at least 0.001")
    func verificationTolerances() async throws {
        var database = LimitsSetup.database
        database["ABS:SP"] = ["verification": ["level": "readback", "tolerance_absolute": 0.5, "tolerance_percent": 50]]
        database["PCT:SP"] = ["verification": ["level": "readback", "tolerance_percent": 10]]
        let setup = try LimitsSetup(WorkflowHarness(), database: database)
        var configuration = setup.configuration(.inProcess)
        configuration.controlSystem.writeVerification = .init(defaultLevel: "readback", defaultTolerancePercent: 1)
        let code = """
        import pyexec_runtime as rt, pyexec_limits as limits
        from osprey.runtime import write_channel
        def tolerance(channel, value, given=None):
            return rt._tolerance('readback', value, given, limits.verification_for(channel))
        errors = []
        try:
            write_channel('MAG:DEFAULTED:SP', 1, verification_level='loud')
        except ValueError as error:
            errors.append(str(error))
        results = {'given': tolerance('ABS:SP', 10, 0.25), 'absolute': tolerance('ABS:SP', 10), 'percent': tolerance('PCT:SP', 10),
                   'default': tolerance('MAG:DEFAULTED:SP', 200), 'floor': tolerance('PCT:SP', 0), 'none': rt._tolerance('callback', 1, None, None),
                   'errors': errors}
        """
        let results = try await setup.run(code, configuration).get().executionResult.results
        #expect(results["given"] == .float(0.25) && results["absolute"] == .float(0.5) && results["percent"] == .float(1))
        #expect(results["default"] == .float(2) && results["floor"] == .float(0.001) && results["none"] == PythonValue.none)
        #expect(results["errors"] == .list([.string("verification level must be one of none, callback, readback, got 'loud'")]))
    }
}
