import Foundation
import PyEmbed
@testable import PythonExecutor
import Testing

/// A temporary agent-data folder and services that write into it.
final class WorkflowHarness: @unchecked Sendable {
    let root: URL

    init() throws {
        TestApprovalKey.install()
        root = FileManager.default.temporaryDirectory.appendingPathComponent("pyexec-workflow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Defaults, files under `root`, approval off unless asked for.
    func configuration(
        approval: ApprovalMode = .disabled, writesEnabled: Bool = false, timeout: Double = 600
    ) -> ExecutorConfiguration {
        var configuration = ExecutorConfiguration()
        configuration.filePaths.agentDataDir = root.path
        configuration.approval.pythonExecution.mode = approval
        configuration.controlSystem.writesEnabled = writesEnabled
        configuration.pythonExecutor.executionTimeoutSeconds = timeout
        if approval == .disabled {
            configuration.execution.modes.writeAccess.requiresApproval = false
        }
        return configuration
    }

    func service(
        _ generator: any CodeGenerator, configuration: ExecutorConfiguration? = nil, approval: (any ApprovalHandler)? = nil
    ) throws -> PythonExecutorService {
        try PythonExecutorService(configuration: configuration ?? self.configuration(), generator: generator, approvalHandler: approval)
    }

    /// The files below `folder/attempts`, by name.
    func attempts(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/attempts")) ?? []).sorted()
    }
}

/// A request with a task and the given retry limit.
func request(_ task: String = "test task", retries: Int = 3, context: PythonValue? = nil) -> PythonExecutionRequest {
    PythonExecutionRequest(
        userQuery: "please: \(task)", taskObjective: task, expectedResults: ["value": "a number"],
        executionFolderName: "test", retries: retries, capabilityContextData: context)
}

/// The success inside an outcome, or a recorded issue.
func success(_ outcome: ServiceOutcome, sourceLocation: SourceLocation = #_sourceLocation) -> PythonServiceResult? {
    guard case let .success(result) = outcome else {
        Issue.record("expected success, got \(outcome)", sourceLocation: sourceLocation)
        return nil
    }
    return result
}

/// Records approval requests and answers with a fixed decision.
actor RecordingApprover: ApprovalHandler {
    private(set) var requests: [ApprovalRequest] = []
    let decision: ApprovalDecision

    init(_ decision: ApprovalDecision) { self.decision = decision }

    func review(_ request: ApprovalRequest) async -> ApprovalDecision {
        requests.append(request)
        return decision
    }
}

/// The executor error `body` throws, or `nil` (recorded as an issue) when it succeeds.
func failure(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> ServiceOutcome
) async -> PythonExecutorError? {
    do {
        let outcome = try await body()
        Issue.record("expected an error, got \(outcome)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error as? PythonExecutorError
    }
}
