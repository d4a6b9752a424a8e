import Foundation
import PyEmbed

/// A run stopped for approval, as written to `pending_approval.json` in its
/// execution folder, so that any process can resume it.
struct PendingState: Codable {
    static let fileName = "pending_approval.json"

    var approval: ApprovalRequest
    var attempt: Int
    var errorChain: [ExecutionError]
    var warnings: [String]
    var context: PythonExecutionContext
    var request: StoredRequest

    /// The request's fields; the context data is already in `context.json`.
    struct StoredRequest: Codable {
        var userQuery: String
        var taskObjective: String
        var expectedResults: [String: String]
        var capabilityPrompts: [String]
        var executionFolderName: String
        var retries: Int
        var hasContextData: Bool
        var structuredPlan: StructuredPlan?
    }

    init(state: WorkflowState, request: PythonExecutionRequest, approval: ApprovalRequest) {
        self.approval = approval
        attempt = state.attempt
        errorChain = state.errorChain
        warnings = state.warnings
        context = state.files.context
        self.request = StoredRequest(
            userQuery: request.userQuery, taskObjective: request.taskObjective, expectedResults: request.expectedResults,
            capabilityPrompts: request.capabilityPrompts, executionFolderName: request.executionFolderName,
            retries: request.retries, hasContextData: request.capabilityContextData != nil,
            structuredPlan: request.structuredPlan)
    }

    /// The record of a decision, which replaces the pending file.
    static let decisionFileName = "approval_decision.json"

    /// Claims the pending approval for `decision`: an atomic rename, so two
    /// resumes cannot both run the code, then the decision is recorded beside it.
    func claim(folder: String, decision: ApprovalDecision, files: ExecutionFiles) throws(PythonExecutorError) {
        let pendingPath = (folder as NSString).appendingPathComponent(Self.fileName)
        let decisionPath = (folder as NSString).appendingPathComponent(Self.decisionFileName)
        guard rename(pendingPath, decisionPath) == 0 else {
            throw .workflow(message: "the pending approval in \(folder) was already claimed", stage: "resume")
        }
        let record = DecisionRecord(pending: self, decision: decision, decidedAt: Date())
        do {
            _ = try files.write(try JSONEncoder.sorted.encode(record), to: Self.decisionFileName)
        } catch {
            throw .workflow(message: "the decision could not be recorded: \(error)", stage: "resume")
        }
    }

    /// What `approval_decision.json` holds: the request for approval, the answer, and when.
    struct DecisionRecord: Codable {
        var pending: PendingState
        var decision: ApprovalDecision
        var decidedAt: Date
    }

    /// Reads the pending state saved in `folder`.
    static func load(folder: String) throws(PythonExecutorError) -> PendingState {
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            let decided = FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(decisionFileName))
            throw .workflow(
                message: decided ? "the approval in \(folder) was already decided (see \(decisionFileName))" : "no pending approval in \(folder) (not a paused run)",
                stage: "resume")
        }
        do {
            return try JSONDecoder().decode(PendingState.self, from: data)
        } catch {
            throw .workflow(message: "\(path) is unreadable: \(error)", stage: "resume")
        }
    }

    /// The request, with its context data read back from `context.json` (by
    /// Python's `json`, so ints, floats and key order come back as they were).
    func restoredRequest(runtime: PythonRuntime) throws(PythonExecutorError) -> PythonExecutionRequest {
        var contextData: PythonValue?
        if request.hasContextData, let path = context.contextFilePath {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .workflow(message: "the saved context \(path) is missing", stage: "resume")
            }
            contextData = try PythonExecutorService.contextData(fromJSON: data, runtime: runtime)
        }
        return PythonExecutionRequest(
            userQuery: request.userQuery, taskObjective: request.taskObjective, expectedResults: request.expectedResults,
            capabilityPrompts: request.capabilityPrompts, executionFolderName: request.executionFolderName,
            retries: request.retries, capabilityContextData: contextData, structuredPlan: request.structuredPlan)
    }
}
