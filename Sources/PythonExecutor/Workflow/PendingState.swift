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
            retries: request.retries, hasContextData: request.capabilityContextData != nil)
    }

    /// Reads the pending state saved in `folder`.
    static func load(folder: String) throws(PythonExecutorError) -> PendingState {
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .workflow(message: "no pending approval in \(folder) (already resumed, or not a paused run)", stage: "resume")
        }
        do {
            return try JSONDecoder().decode(PendingState.self, from: data)
        } catch {
            throw .workflow(message: "\(path) is unreadable: \(error)", stage: "resume")
        }
    }

    /// The request, with its context data read back from `context.json`.
    func restoredRequest() throws(PythonExecutorError) -> PythonExecutionRequest {
        var contextData: PythonValue?
        if request.hasContextData, let path = context.contextFilePath {
            guard let data = FileManager.default.contents(atPath: path),
                  let decoded = try? JSONDecoder().decode(DecodedJSON.self, from: data) else {
                throw .workflow(message: "the saved context \(path) is missing or unreadable", stage: "resume")
            }
            contextData = decoded.value
        }
        return PythonExecutionRequest(
            userQuery: request.userQuery, taskObjective: request.taskObjective, expectedResults: request.expectedResults,
            capabilityPrompts: request.capabilityPrompts, executionFolderName: request.executionFolderName,
            retries: request.retries, capabilityContextData: contextData)
    }
}

/// A JSON document read back into a `PythonValue` (object keys come back sorted).
struct DecodedJSON: Decodable {
    let value: PythonValue

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .none
        } else if let bool = try? container.decode(Bool.self) {
            value = .bool(bool)
        } else if let int = try? container.decode(Int.self) {
            value = .int(PythonInteger(int))
        } else if let double = try? container.decode(Double.self) {
            value = .float(double)
        } else if let text = try? container.decode(String.self) {
            value = .string(text)
        } else if let array = try? container.decode([DecodedJSON].self) {
            value = .list(array.map(\.value))
        } else {
            let object = try container.decode([String: DecodedJSON].self)
            value = .dict(PythonDictionary(object.keys.sorted().map { .init(key: .string($0), value: object[$0]?.value ?? .none) }))
        }
    }
}
