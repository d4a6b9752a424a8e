import Foundation
import PyEmbed

/// A run stopped for approval, as written to `pending_approval.json` in its
/// execution folder, so that any process can resume it.
///
/// The file is not trusted: its code is accepted only with a valid ``seal``
/// (``ApprovalSeal``, keyed by a secret outside the folder), and no path in it
/// is used — every path is derived from the folder being resumed.
struct PendingState: Codable {
    static let fileName = "pending_approval.json"
    /// The record of a decision; once it exists the approval is decided.
    static let decisionFileName = "approval_decision.json"

    var approval: ApprovalRequest
    var attempt: Int
    var errorChain: [ExecutionError]
    var warnings: [String]
    /// The context as the paused run knew it; only its attempt notebooks' file names are read back.
    var context: PythonExecutionContext
    var request: StoredRequest
    /// SHA-256 of the code, for people; resume recomputes it and never reads this one.
    var codeSHA256: String?
    /// HMAC-SHA256 over the folder, the code and `context.json` (``ApprovalSeal``).
    var seal: String?

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

    /// Seals the pending state and writes it into its execution folder.
    mutating func save(files: ExecutionFiles) throws(PythonExecutorError) {
        guard let folder = ExecutionFiles.canonicalFolder(files.folderPath) else {
            throw .workflow(message: "the execution folder \(files.folderPath) is gone", stage: .approval)
        }
        let key: ApprovalKey
        do { key = try ApprovalKey.load() } catch { throw .approval(error) }
        codeSHA256 = ApprovalSeal.digest(of: approval.code)
        seal = ApprovalSeal.seal(code: approval.code, folder: folder, context: Self.contextBytes(folder), record: try canonicalRecord(), key: key)
        do {
            _ = try files.write(try JSONEncoder.sorted.encode(self), to: Self.fileName)
        } catch {
            throw .workflow(message: "the pending approval could not be saved: \(error)", stage: .approval)
        }
    }

    /// Reads and verifies the pending state saved in `folder`.
    ///
    /// - Returns: the state, with ``approval``'s folder and notebook re-derived
    ///   from the folder, and the folder resolved.
    /// - Throws: ``ApprovalError/alreadyDecided(folder:)``,
    ///   ``ApprovalError/notPending(folder:)``, ``ApprovalError/unreadable(path:reason:)``,
    ///   ``ApprovalError/sealBroken(folder:)``.
    static func load(folder given: String) throws(ApprovalError) -> (state: PendingState, folder: String, context: Data?) {
        guard let folder = ExecutionFiles.canonicalFolder(given) else { throw .notPending(folder: given) }
        if FileManager.default.fileExists(atPath: folder + "/" + decisionFileName) { throw .alreadyDecided(folder: folder) }
        let path = folder + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { throw .notPending(folder: folder) }
        var state: PendingState
        do { state = try JSONDecoder().decode(PendingState.self, from: data) } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        let key = try ApprovalKey.load()
        let context = contextBytes(folder)
        guard let seal = state.seal, let record = try? state.canonicalRecord(),
              ApprovalSeal.verify(seal, code: state.approval.code, folder: folder, context: context, record: record, key: key)
        else { throw .sealBroken(folder: folder) }
        state.codeSHA256 = ApprovalSeal.digest(of: state.approval.code)
        state.approval.folder = folder
        let name = (state.approval.notebookPath as NSString).lastPathComponent
        state.approval.notebookPath = name.isEmpty || name == ".." ? "" : folder + "/attempts/" + name
        return (state, folder, context)
    }

    /// Every field but the seal itself, in a canonical encoding (encoded, read
    /// back and encoded again, so that what is sealed at the pause is exactly
    /// what the file gives back at resume).
    func canonicalRecord() throws(PythonExecutorError) -> Data {
        var unsealed = self
        unsealed.seal = nil
        unsealed.codeSHA256 = nil
        do {
            let first = try JSONEncoder.sorted.encode(unsealed)
            return try JSONEncoder.sorted.encode(try JSONDecoder().decode(PendingState.self, from: first))
        } catch {
            throw .workflow(message: "the pending approval could not be encoded: \(error)", stage: .approval)
        }
    }

    /// The bytes of `folder/context.json`, or `nil` when there is none.
    static func contextBytes(_ folder: String) -> Data? {
        FileManager.default.contents(atPath: folder + "/context.json")
    }

    /// Claims the pending approval for `decision`, so that a failure leaves it pending:
    /// the decision record is written to a temporary file and flushed, then linked to
    /// `approval_decision.json` (which fails if it exists, so two resumes cannot both
    /// run the code); only then is the pending file removed.
    func claim(folder: String, decision: ApprovalDecision) throws(ApprovalError) {
        let record = DecisionRecord(pending: self, decision: decision, decidedAt: Date())
        let data: Data
        do { data = try JSONEncoder.sorted.encode(record) } catch {
            throw .decisionNotRecorded(folder: folder, reason: "\(error)")
        }
        let claimed: Bool
        do { claimed = try AtomicFileWriter.create(data, at: folder + "/" + Self.decisionFileName) } catch {
            throw .decisionNotRecorded(folder: folder, reason: error.description)
        }
        guard claimed else { throw .alreadyDecided(folder: folder) }
        // The decision record now marks the approval decided; the pending file only goes away.
        unlink(folder + "/" + Self.fileName)
    }

    /// What `approval_decision.json` holds: the request for approval, the answer, and when.
    struct DecisionRecord: Codable {
        var pending: PendingState
        var decision: ApprovalDecision
        var decidedAt: Date
    }

    /// The request, with its context data read back from the sealed bytes of the
    /// folder's `context.json` (by Python's `json`, so ints, floats and key order
    /// come back as they were).
    func restoredRequest(folder: String, context: Data?, runtime: PythonRuntime) throws(PythonExecutorError) -> PythonExecutionRequest {
        var contextData: PythonValue?
        if request.hasContextData {
            guard let context else {
                throw .workflow(message: "the saved context \(folder)/context.json is missing", stage: .resume)
            }
            contextData = try PythonExecutorService.contextData(fromJSON: context, runtime: runtime)
        }
        return PythonExecutionRequest(
            userQuery: request.userQuery, taskObjective: request.taskObjective, expectedResults: request.expectedResults,
            capabilityPrompts: request.capabilityPrompts, executionFolderName: request.executionFolderName,
            retries: request.retries, capabilityContextData: contextData, structuredPlan: request.structuredPlan)
    }
}
