import Foundation
import PyEmbed
@testable import PythonExecutor
import Testing

@Suite("Workflow end to end")
struct WorkflowTests {
    static let analysis = """
    import numpy as np
    import matplotlib.pyplot as plt
    values = np.array(context["values"], dtype=float)
    fig, ax = plt.subplots()
    ax.plot(values, label="values")
    ax.set_title("Values")
    print("mean computed")
    results = {"mean": float(values.mean()), "count": int(values.size)}
    """

    @Test func successWritesResultsFiguresAndNotebook() async throws {
        let harness = try WorkflowHarness()
        let service = try harness.service(StaticCodeGenerator(code: Self.analysis))
        let context = PythonValue.dict(PythonDictionary([.init(key: .string("values"), value: .list([.int(1), .int(2), .int(6)]))]))
        guard let result = success(try await service.execute(request(context: context))) else { return }
        let execution = result.executionResult
        #expect(execution.results["mean"] == .float(3))
        #expect(execution.results["count"] == .int(3))
        #expect(execution.stdout == "mean computed\n")
        #expect(result.generatedCode == Self.analysis)
        #expect(result.generationAttempt == 1)
        #expect(execution.figurePaths.count == 1 && execution.figures.count == 1)
        #expect(execution.figurePaths.first?.hasSuffix("figures/figure_01.png") == true)
        #expect(FileManager.default.contents(atPath: execution.figurePaths[0])?.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        let resultsFile = try #require(FileManager.default.contents(atPath: execution.folderPath + "/results.json"))
        let results = try JSONSerialization.jsonObject(with: resultsFile) as? [String: Any]
        #expect(results?["mean"] as? Double == 3)
        #expect(FileManager.default.fileExists(atPath: execution.folderPath + "/execution_metadata.json"))
        #expect(FileManager.default.fileExists(atPath: execution.folderPath + "/context.json"))
        #expect(execution.notebookPath == execution.folderPath + "/notebook.ipynb")
        #expect(execution.notebookLink.hasPrefix("file://"))
        #expect(execution.folderPath.contains("/executed_scripts/"))
        guard case let .dict(dictionary) = execution.dictionary else { Issue.record("dictionary form"); return }
        #expect(dictionary.map { $0.key.stringValue ?? "" } == [
            "results", "execution_stdout", "execution_time_seconds", "execution_folder", "notebook_path",
            "notebook_link", "figure_paths", "figure_count",
        ])
        #expect(dictionary["figure_count"] == .int(1))
    }

    @Test func syntaxErrorThenFixedCode() async throws {
        let harness = try WorkflowHarness()
        let generator = ScriptedCodeGenerator([.code("results = {'a': (1,}"), .code("results = {'a': 1}")])
        let service = try harness.service(generator)
        guard let result = success(try await service.execute(request())) else { return }
        #expect(result.generationAttempt == 2)
        #expect(result.executionResult.results["a"] == .int(1))
        let calls = await generator.calls
        #expect(calls.count == 2)
        #expect(calls[1].chain.count == 1 && calls[1].chain[0].errorType == .syntax)
        #expect(calls[1].chain[0].failedCode == "results = {'a': (1,}")
        #expect(harness.attempts(in: result.executionResult.folderPath).first?.hasPrefix("01_syntax_error_") == true)
    }

    @Test func runtimeErrorThenFixedCode() async throws {
        let harness = try WorkflowHarness()
        let generator = ScriptedCodeGenerator([.code("x = 1 / 0\nresults = {}"), .code("results = {'x': 2}")])
        let service = try harness.service(generator)
        guard let result = success(try await service.execute(request())) else { return }
        #expect(result.generationAttempt == 2)
        let chain = await generator.calls[1].chain
        #expect(chain.first?.errorType == .execution)
        #expect(chain.first?.traceback?.contains("ZeroDivisionError: division by zero") == true)
        #expect(chain.first?.traceback?.contains("generated_code.py") == true)
        #expect(harness.attempts(in: result.executionResult.folderPath).first?.hasPrefix("01_execution_failed_") == true)
    }

    @Test func missingResultsUntilRetriesAreExhausted() async throws {
        let harness = try WorkflowHarness()
        let generator = ScriptedCodeGenerator([.code("x = 1")])
        let service = try harness.service(generator)
        let error = await failure { try await service.execute(request(retries: 2)) }
        guard case let .maxAttemptsExceeded(attempts, chain)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(attempts == 2 && chain.count == 2)
        #expect(chain.allSatisfy { $0.errorMessage.contains("did not create required 'results' dictionary") })
        #expect(await generator.calls.count == 2)
    }

    @Test func analysisFailureIsRetriedWithItsIssues() async throws {
        let harness = try WorkflowHarness()
        let generator = ScriptedCodeGenerator([.code("import subprocess\nresults = {}"), .code("results = {'safe': True}")])
        let service = try harness.service(generator)
        guard let result = success(try await service.execute(request())) else { return }
        #expect(result.generationAttempt == 2)
        let chain = await generator.calls[1].chain
        #expect(chain.first?.errorType == .analysis && chain.first?.analysisIssues.isEmpty == false)
        #expect(harness.attempts(in: result.executionResult.folderPath).first?.hasPrefix("01_static_analysis_failed_") == true)
    }

    static let write = """
    written = []
    def caput(pv, value):
        written.append((pv, value))
    caput("MAG:CURRENT", 2.5)
    results = {"writes": len(written)}
    """

    @Test func controlWritesAskForApprovalAndApprovedCodeRuns() async throws {
        let harness = try WorkflowHarness()
        let approver = RecordingApprover(.approved())
        let service = try harness.service(
            StaticCodeGenerator(code: Self.write), configuration: harness.configuration(approval: .controlWrites, writesEnabled: true),
            approval: approver)
        guard let result = success(try await service.execute(request())) else { return }
        #expect(result.executionResult.results["writes"] == .int(1))
        let asked = await approver.requests
        #expect(asked.count == 1)
        #expect(asked.first?.code == Self.write)
        #expect(asked.first?.executionMode == .writeAccess)
        #expect(asked.first?.analysisDetails.contains { $0.contains("caput") } == true)
        #expect(asked.first.map { FileManager.default.fileExists(atPath: $0.notebookPath) } == true)
        #expect(asked.first?.notebookPath.contains("_awaiting_approval_") == true)
    }

    @Test func readOnlyCodeIsNotAskedAboutUnderControlWrites() async throws {
        let harness = try WorkflowHarness()
        let approver = RecordingApprover(.rejected(reason: "should not be asked"))
        let service = try harness.service(
            StaticCodeGenerator(code: "d = {'a': 1}\nresults = {'a': d.get('a')}"),
            configuration: harness.configuration(approval: .controlWrites, writesEnabled: true), approval: approver)
        #expect(success(try await service.execute(request())) != nil)
        #expect(await approver.requests.isEmpty)
    }

    @Test func rejectedCodeNeverRuns() async throws {
        let harness = try WorkflowHarness()
        let marker = harness.root.appendingPathComponent("ran.txt").path
        let code = "open(\(PythonValue.string(marker)), 'w').write('x')\n" + Self.write
        let service = try harness.service(
            StaticCodeGenerator(code: code), configuration: harness.configuration(approval: .controlWrites, writesEnabled: true),
            approval: RecordingApprover(.rejected(reason: "too risky")))
        let outcome = try await service.execute(request())
        guard case let .rejected(reason, rejectedCode, _) = outcome else { Issue.record("expected rejection, got \(outcome)"); return }
        #expect(reason == "too risky" && rejectedCode == code)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func pendingApprovalResumesInAFreshService() async throws {
        let harness = try WorkflowHarness()
        let configuration = harness.configuration(approval: .controlWrites, writesEnabled: true)
        let first = try harness.service(StaticCodeGenerator(code: Self.write), configuration: configuration)
        let outcome = try await first.execute(request(context: .dict(PythonDictionary([.init(key: .string("k"), value: .int(7))]))))
        guard case let .pendingApproval(pending) = outcome else { Issue.record("expected a pending approval, got \(outcome)"); return }
        #expect(pending.approval.code == Self.write)
        #expect(FileManager.default.fileExists(atPath: pending.folder + "/pending_approval.json"))

        // A new service, whose generator would produce other code: the approved code must run, unchanged.
        let generator = ScriptedCodeGenerator([.code("results = {'wrong': True}")])
        let second = try harness.service(generator, configuration: configuration)
        guard let result = success(try await second.resume(folder: pending.folder, decision: .approved())) else { return }
        #expect(result.generatedCode == Self.write)
        #expect(result.executionResult.results["writes"] == .int(1))
        #expect(await generator.calls.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: pending.folder + "/pending_approval.json"))
        let record = try #require(FileManager.default.contents(atPath: pending.folder + "/approval_decision.json"))
        #expect(String(decoding: record, as: UTF8.self).contains("approved"))
        await #expect(throws: PythonExecutorError.self) { try await second.resume(folder: pending.folder, decision: .approved()) }
    }

    @Test func pendingApprovalCanBeRejected() async throws {
        let harness = try WorkflowHarness()
        let configuration = harness.configuration(approval: .allCode)
        let service = try harness.service(StaticCodeGenerator(code: "results = {'ran': True}"), configuration: configuration)
        guard case let .pendingApproval(pending) = try await service.execute(request()) else { Issue.record("expected pending"); return }
        let outcome = try await harness.service(StaticCodeGenerator(code: ""), configuration: configuration)
            .resume(folder: pending.folder, decision: .rejected(reason: "no"))
        guard case .rejected = outcome else { Issue.record("expected rejection, got \(outcome)"); return }
        #expect(!FileManager.default.fileExists(atPath: pending.folder + "/results.json"))
    }

    @Test func timeoutStopsTheRun() async throws {
        let harness = try WorkflowHarness()
        let service = try harness.service(StaticCodeGenerator(code: "while True:\n    pass"), configuration: harness.configuration(timeout: 0.3))
        let clock = ContinuousClock()
        let start = clock.now
        let error = await failure { try await service.execute(request(retries: 1)) }
        guard case let .maxAttemptsExceeded(_, chain)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(chain.last?.errorMessage.contains("ran longer than 0.3") == true)
        #expect(clock.now - start < .seconds(600), "the endless loop was stopped")  // loose: in-process runs queue behind other suites' runs
    }

    @Test func channelLimitsViolationEndsTheRunWithoutRetry() async throws {
        let harness = try WorkflowHarness()
        let code = """
        from pyexec_limits import ChannelLimitsViolationError
        raise ChannelLimitsViolationError("MAG:CURRENT", 99.0, "max", "99.0 is above the maximum 10.0", max_value=10.0, current_value=2.0)
        """
        let generator = ScriptedCodeGenerator([.code(code)])
        let service = try harness.service(generator)
        let error = await failure { try await service.execute(request(retries: 3)) }
        guard case let .channelLimitsViolation(violation)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(violation.channel == "MAG:CURRENT" && violation.attemptedValue == 99 && violation.violationType == "max")
        #expect(violation.maxValue == 10 && violation.currentValue == 2 && violation.minValue == nil)
        #expect(await generator.calls.count == 1)
    }

    @Test func editedCodeIsAnalysedBeforeItRuns() async throws {
        let harness = try WorkflowHarness()
        let marker = harness.root.appendingPathComponent("edited-ran.txt").path
        // The reviewer "edits" the code into something that writes to channels while writes are disabled.
        let edited = "open(\(PythonValue.string(marker)), 'w').write('x')\n" + Self.write
        let approver = RecordingApprover(.approved(editedCode: edited))
        let generator = ScriptedCodeGenerator([.code("results = {'plain': True}")])
        let service = try harness.service(generator, configuration: harness.configuration(approval: .allCode), approval: approver)
        let error = await failure { try await service.execute(request(retries: 1)) }
        guard case let .maxAttemptsExceeded(_, chain)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(chain.last?.errorType == .analysis)
        #expect(chain.last?.errorMessage.contains("writes are disabled") == true)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func channelLimitsViolationWithOddValuesIsStillNotRetried() async throws {
        let harness = try WorkflowHarness()
        let code = "from pyexec_limits import ChannelLimitsViolationError\nimport numpy as np\nraise ChannelLimitsViolationError('GUN:MODE', 'ON', 'read_only', 'the channel is read-only', current_value=np.float64('nan'))"
        let generator = ScriptedCodeGenerator([.code(code)])
        let error = await failure { try await harness.service(generator).execute(request(retries: 3)) }
        guard case let .channelLimitsViolation(violation)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(violation.channel == "GUN:MODE" && violation.attemptedValue == nil && violation.currentValue == nil)
        #expect(violation.violationType == "read_only")
        #expect(await generator.calls.count == 1)
    }

    @Test func failureMetadataKeepsOutputAndThePythonErrorType() async throws {
        let harness = try WorkflowHarness()
        let generator = ScriptedCodeGenerator([.code("print('halfway')\n{}['missing']")])
        let error = await failure { try await harness.service(generator).execute(request(retries: 1)) }
        #expect(error != nil)
        let folders = try FileManager.default.subpathsOfDirectory(atPath: harness.root.path).filter { $0.hasSuffix("execution_metadata.json") }
        let data = try #require(FileManager.default.contents(atPath: harness.root.path + "/" + (folders.first ?? "")))
        let metadata = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(metadata["stdout"] as? String == "halfway\n")
        #expect(metadata["error_type"] as? String == "KeyError")
        #expect(metadata["success"] as? Bool == false)
    }

    @Test func contextKeepsIntsFloatsAndOrderThroughAPause() async throws {
        let harness = try WorkflowHarness()
        let configuration = harness.configuration(approval: .allCode)
        let context = PythonValue.dict(PythonDictionary([
            .init(key: .string("z"), value: .float(2.0)), .init(key: .string("a"), value: .int(PythonInteger("123456789012345678901234567890")!)),
        ]))
        let code = "results = {'keys': list(context), 'z_is_float': isinstance(context['z'], float), 'a': context['a']}"
        guard case let .pendingApproval(pending) = try await harness.service(StaticCodeGenerator(code: code), configuration: configuration)
            .execute(request(context: context)) else { Issue.record("expected pending"); return }
        let outcome = try await harness.service(StaticCodeGenerator(code: code), configuration: configuration)
            .resume(folder: pending.folder, decision: .approved())
        guard let result = success(outcome) else { return }
        #expect(result.executionResult.results["keys"] == .list([.string("z"), .string("a")]))
        #expect(result.executionResult.results["z_is_float"] == .bool(true))
        #expect(result.executionResult.results["a"] == .int(PythonInteger("123456789012345678901234567890")!))
    }

    @Test func missingModuleNamesTheModuleAndHowToInstallIt() async throws {
        let harness = try WorkflowHarness()
        let generator = ScriptedCodeGenerator([.code("import not_a_real_module_xyz\nresults = {}")])
        let service = try harness.service(generator)
        let error = await failure { try await service.execute(request(retries: 1)) }
        guard case let .maxAttemptsExceeded(_, chain)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(chain.last?.errorMessage.contains("Missing Module: 'not_a_real_module_xyz'") == true)
        #expect(chain.last?.errorMessage.contains("pip install not_a_real_module_xyz") == true)
    }

    @Test func statusEventsArriveInOrder() async throws {
        let harness = try WorkflowHarness()
        let service = try harness.service(ScriptedCodeGenerator([.code("1/0"), .code("results = {}")]))
        let run = service.start(request())
        var stages: [StatusEvent.Stage] = []
        for await event in run.events { stages.append(event.stage) }
        _ = try await run.outcome.value
        #expect(stages == [.generating, .analyzing, .executing, .generating, .analyzing, .executing, .succeeded])
    }
}

@Suite("Service configuration")
struct ServiceConfigurationTests {
    @Test func containerExecutionWithoutAServerIsRefusedClearly() throws {
        let harness = try WorkflowHarness()
        var configuration = harness.configuration()
        configuration.execution.executionMethod = .container
        #expect {
            _ = try harness.service(StaticCodeGenerator(code: "results = {}"), configuration: configuration)
        } throws: { error in
            guard case let PythonExecutorError.containerConfiguration(message) = error else { return false }
            return message.contains("read_only") && message.contains("services.jupyter.containers.read")
        }
    }
}
