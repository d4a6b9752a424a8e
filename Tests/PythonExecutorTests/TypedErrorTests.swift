import Foundation
import PyEmbed
@testable import PyExecCLI
@testable import PythonExecutor
import Testing

/// A generator that fails with an error type the workflow knows nothing about.
private struct ModelWentAway: Error, CustomStringConvertible {
    var description: String { "the model server hung up" }
}

/// Counts its calls and throws `error` from each.
private final class FailingGenerator: CodeGenerator, @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    let error: any Error & Sendable

    init(_ error: any Error & Sendable) {
        self.error = error
    }

    var calls: Int { lock.withLock { count } }

    func generate(_ request: PythonExecutionRequest, errorChain: [ExecutionError]) async throws -> String {
        lock.withLock { count += 1 }
        throw error
    }
}

/// Every way a run fails reaches the caller as its own case, with the stage,
/// attempt and execution folder read from the case, never from the message.
@Suite("Typed errors reach the caller")
struct TypedErrorTests {
    private func inProcess(_ harness: WorkflowHarness, timeout: Double = 600) -> ExecutorConfiguration {
        var configuration = harness.configuration(timeout: timeout)
        configuration.execution.isolation = .inProcess
        return configuration
    }

    @Test(arguments: ExecutorConfiguration.Isolation.allCases)
    func aRuntimeErrorCarriesThePythonException(isolation: ExecutorConfiguration.Isolation) async throws {
        let harness = try WorkflowHarness()
        var configuration = harness.configuration()
        configuration.execution.isolation = isolation
        let service = try harness.service(StaticCodeGenerator(code: "x = 0\nresults = {'v': 1 / x}"), configuration: configuration)
        defer { service.shutDown() }
        let error = try #require(await failure { try await service.execute(request(retries: 2)) })
        guard case let .maxAttemptsExceeded(_, chain) = error else { Issue.record("got \(error)"); return }
        guard case let .runtime(_, traceback, attempt, exception, folder) = error.lastFailure else {
            Issue.record("the last failure is \(error.lastFailure)")
            return
        }
        #expect(exception?.typeName == "ZeroDivisionError")
        #expect(exception?.message == "division by zero")
        #expect(exception?.traceback.contains("generated_code.py") == true)
        #expect(traceback.contains("ZeroDivisionError"))
        #expect(attempt == 2)
        #expect(error.stage == .execution)
        #expect(error.attempt == 2)
        #expect(error.pythonException?.typeName == "ZeroDivisionError")
        let where_ = try #require(folder)
        #expect(error.executionFolder == where_)
        #expect(FileManager.default.fileExists(atPath: where_ + "/execution_metadata.json"))
        #expect(chain.map { $0.failure?.attempt } == [1, 2], "each attempt keeps its typed error")
    }

    @Test func aTimeoutIsItsOwnCase() async throws {
        let harness = try WorkflowHarness()
        let service = try harness.service(StaticCodeGenerator(code: "while True:\n    pass"), configuration: inProcess(harness, timeout: 0.3))
        let error = try #require(await failure { try await service.execute(request(retries: 1)) })
        guard case let .executionTimeout(seconds, attempt, folder) = error.lastFailure else { Issue.record("got \(error)"); return }
        #expect(seconds > 0.29 && seconds < 0.31)
        #expect(attempt == 1)
        #expect(folder != nil && folder == error.executionFolder)
        #expect(error.stage == .execution)
        #expect(error.lastFailure.typeName == "ExecutionTimeoutError")
    }

    @Test func aSyntaxErrorAndARefusalAreFoundInAnalysis() async throws {
        let harness = try WorkflowHarness()
        let syntax = try #require(await failure {
            try await harness.service(StaticCodeGenerator(code: "def f(:\n    pass")).execute(request(retries: 1))
        })
        guard case let .syntax(_, _, attempt, folder) = syntax.lastFailure else { Issue.record("got \(syntax)"); return }
        #expect(attempt == 1 && folder != nil)
        #expect(syntax.stage == .analysis)

        let refused = try #require(await failure {
            try await harness.service(StaticCodeGenerator(code: "import os\nos.system('true')\nresults = {}")).execute(request(retries: 1))
        })
        guard case let .rejected(_, issues, attempt, folder) = refused.lastFailure else { Issue.record("got \(refused)"); return }
        #expect(!issues.isEmpty)
        #expect(attempt == 1 && folder != nil)
        #expect(refused.stage == .analysis)
    }

    /// Unexpected error types in the workflow: a generator may throw anything.
    @Test func aGeneratorsOwnErrorTypeBecomesAGenerationFailure() async throws {
        let harness = try WorkflowHarness()
        let generator = FailingGenerator(ModelWentAway())
        let error = try #require(await failure { try await harness.service(generator).execute(request(retries: 2)) })
        #expect(generator.calls == 2)
        guard case let .codeGeneration(message, attempt, _, folder) = error.lastFailure else { Issue.record("got \(error)"); return }
        #expect(message.contains("ModelWentAway") && message.contains("the model server hung up"), "\(message)")
        #expect(attempt == 2 && folder != nil)
        #expect(error.stage == .generation)
    }

    @Test func aGenerationFailureKeepsTheGeneratorsMessage() async throws {
        let harness = try WorkflowHarness()
        let generator = FailingGenerator(PythonExecutorError.codeGeneration(message: "model offline", attempt: 1, chain: []))
        let error = try #require(await failure { try await harness.service(generator).execute(request(retries: 1)) })
        guard case let .codeGeneration(message, 1, _, folder) = error.lastFailure else { Issue.record("got \(error)"); return }
        #expect(message == "model offline")
        #expect(folder != nil)
    }

    @Test func aGeneratorThatIsCancelledEndsTheRunWithoutRetrying() async throws {
        let harness = try WorkflowHarness()
        let generator = FailingGenerator(CancellationError())
        let error = try #require(await failure { try await harness.service(generator).execute(request(retries: 3)) })
        #expect(generator.calls == 1, "a cancelled generation is not retried")
        guard case let .cancelled(stage, attempt, folder) = error else { Issue.record("got \(error)"); return }
        #expect(stage == .generation && attempt == 1)
        let place = try #require(folder)
        let metadata = try #require(FileManager.default.contents(atPath: place + "/execution_metadata.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: metadata) as? [String: Any])
        #expect(object["error_type"] as? String == "CancelledError")
    }

    @Test func cancellingAnInProcessRunIsCancellationNotACodeError() async throws {
        let harness = try WorkflowHarness()
        let started = harness.root.appendingPathComponent("started").path
        let code = "open(\(String(reflecting: started)), 'w').close()\nwhile True:\n    pass"
        let service = try harness.service(StaticCodeGenerator(code: code), configuration: inProcess(harness))
        let run = Task { try await service.execute(request(retries: 3)) }
        defer { run.cancel() }  // never leave the loop running in the shared interpreter
        let deadline = ContinuousClock.now + .seconds(300)
        while !FileManager.default.fileExists(atPath: started) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        try #require(FileManager.default.fileExists(atPath: started), "the run never started")
        run.cancel()
        let result = await run.result
        guard case let .failure(error) = result, case let .cancelled(stage, attempt, folder)? = error as? PythonExecutorError else {
            Issue.record("got \(result)")
            return
        }
        #expect(stage == .execution && attempt == 1)
        let place = try #require(folder)
        let metadata = try #require(FileManager.default.contents(atPath: place + "/execution_metadata.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: metadata) as? [String: Any])
        #expect(object["error_type"] as? String == "CancelledError")
        #expect(harness.attempts(in: place).count == 1, "one attempt, not retried")
    }

    @Test func pyexecJSONMapsTheCaseNotTheMessage() throws {
        // The message says nothing about time: the type comes from the case.
        let timeout = ExecutionError(
            errorType: .execution, errorMessage: "stopped", attemptNumber: 1, stage: "execution",
            failure: .executionTimeout(seconds: 2, attempt: 1, folder: "/data/run-1"))
        let error = PythonExecutorError.maxAttemptsExceeded(attempts: 1, chain: [timeout])
        let described = OutputWriter.describe(error)
        #expect(described.type == "ExecutionTimeoutError")
        #expect(described.category == "WORKFLOW")
        let fields = PythonDictionary(OutputWriter.location(of: error))
        #expect(fields["stage"] == .string("execution"))
        #expect(fields["attempt"] == .int(1))
        #expect(fields["execution_folder"] == .string("/data/run-1"))

        let raised = PythonException(typeName: "KeyError", message: "'missing'", traceback: "Traceback…\nKeyError: 'missing'")
        let runtime = PythonExecutorError.runtime(message: "KeyError: 'missing'", traceback: raised.traceback, attempt: 3, exception: raised, folder: "/data/run-2")
        let exception = PythonDictionary(OutputWriter.location(of: runtime))["exception"]
        #expect(exception == .dict(PythonDictionary([
            .init(key: .string("type"), value: .string("KeyError")), .init(key: .string("message"), value: .string("'missing'")),
        ])))
        #expect(OutputWriter.describe(PythonExecutorError.cancelled(stage: .execution, attempt: 1, folder: nil)).type == "CancelledError")
    }
}
