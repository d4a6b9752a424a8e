import Foundation
import PyEmbed

/// The Python execution service: request → generate → analyse → (approve) →
/// execute, retried with the error chain as feedback (the reference's
/// `PythonExecutorService`).
///
/// ```swift
/// let service = try PythonExecutorService(generator: StaticCodeGenerator(code: "results = {'x': 1}"))
/// let outcome = try await service.execute(PythonExecutionRequest(userQuery: "…", taskObjective: "…"))
/// ```
public actor PythonExecutorService {
    /// The settings the service runs with.
    public let configuration: ExecutorConfiguration
    let runtime: PythonRuntime
    let generator: any CodeGenerator
    let approvalHandler: (any ApprovalHandler)?
    let analyzer: StaticAnalyzer
    let layout: FileLayoutConfiguration
    private var isPrepared = false

    /// Creates a service.
    ///
    /// Only `execution.execution_method: local` is available: code runs in this
    /// process through PyEmbed. `container` is refused with a configuration error.
    /// - Parameters:
    ///   - approvalHandler: asked when the policy requires approval; without
    ///     one, such runs stop with ``ServiceOutcome/pendingApproval(_:)``.
    ///   - runtime: the embedded Python to use (started if `nil`).
    public init(
        configuration: ExecutorConfiguration = ExecutorConfiguration(), generator: any CodeGenerator,
        approvalHandler: (any ApprovalHandler)? = nil, runtime: PythonRuntime? = nil
    ) throws(PythonExecutorError) {
        guard configuration.execution.executionMethod == .local else {
            throw .configuration("execution.execution_method 'container' (Jupyter kernels) is not available yet; use 'local', which runs in this process")
        }
        self.configuration = configuration
        self.generator = generator
        self.approvalHandler = approvalHandler
        do {
            self.runtime = try runtime ?? PythonRuntime.start()
        } catch {
            throw .configuration("the embedded Python could not start: \(error)")
        }
        analyzer = StaticAnalyzer(configuration: configuration.analysisConfiguration)
        layout = configuration.fileLayout
    }

    /// Runs `request` to its end, reporting progress to `events`.
    ///
    /// - Returns: the success, a pending approval, or a rejection.
    /// - Throws: ``PythonExecutorError``: retries exhausted, a channel-limits
    ///   violation (never retried), files or configuration that failed.
    public func execute(
        _ request: PythonExecutionRequest, events: (@Sendable (StatusEvent) -> Void)? = nil
    ) async throws(PythonExecutorError) -> ServiceOutcome {
        try await prepare()
        let files: ExecutionFiles
        do {
            files = try ExecutionFiles.create(name: request.executionFolderName, configuration: layout)
            _ = try files.writeContext(request.capabilityContextData)
        } catch {
            throw .workflow(message: "the execution folder could not be written: \(error)", stage: "setup")
        }
        return try await drive(request, state: WorkflowState(files: files), events: events)
    }

    /// Starts `request` and returns its progress as an async sequence with the outcome.
    public nonisolated func start(_ request: PythonExecutionRequest) -> ServiceRun {
        let (stream, continuation) = AsyncStream<StatusEvent>.makeStream()
        let task = Task { () throws -> ServiceOutcome in
            defer { continuation.finish() }
            return try await self.execute(request) { continuation.yield($0) }
        }
        return ServiceRun(events: stream, outcome: task)
    }

    /// Continues a run that stopped for approval, from its execution folder
    /// (also in a new process, after a restart).
    ///
    /// Approved code runs exactly as it was shown (or as edited in the
    /// decision); a rejection ends the run without running anything.
    public func resume(
        folder: String, decision: ApprovalDecision, events: (@Sendable (StatusEvent) -> Void)? = nil
    ) async throws(PythonExecutorError) -> ServiceOutcome {
        try await prepare()
        let pending = try PendingState.load(folder: folder)
        let request = try pending.restoredRequest()
        var state = WorkflowState(files: ExecutionFiles(existing: pending.context, configuration: layout))
        state.attempt = pending.attempt
        state.errorChain = pending.errorChain
        state.warnings = pending.warnings
        state.code = pending.approval.code
        do {
            try FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(PendingState.fileName))
        } catch {
            throw .workflow(message: "the pending approval could not be claimed: \(error)", stage: "resume")
        }
        state.step = decided(decision, state: &state, folder: folder)
        return try await drive(request, state: state, events: events)
    }

    private func prepare() async throws(PythonExecutorError) {
        guard !isPrepared else { return }
        do { try await ChannelLimitsGuard.install(runtime) } catch {
            throw .configuration("the channel-limits module could not be installed: \(error)")
        }
        isPrepared = true
    }

    /// Applies a decision: the next step.
    private func decided(_ decision: ApprovalDecision, state: inout WorkflowState, folder: String) -> WorkflowState.Step {
        switch decision {
        case let .approved(edited):
            if let edited { state.code = edited }
            return .execute
        case let .rejected(reason):
            return .finished(.rejected(reason: reason, code: state.code, folder: folder))
        }
    }

    /// Runs the state machine until it finishes.
    private func drive(
        _ request: PythonExecutionRequest, state initial: WorkflowState, events: (@Sendable (StatusEvent) -> Void)?
    ) async throws(PythonExecutorError) -> ServiceOutcome {
        var state = initial
        let report: Report = { stage, attempt, message in events?(StatusEvent(stage: stage, attempt: attempt, message: message)) }
        do throws(PythonExecutorError) {
            while true {
                switch state.step {
                case .generate: state = try await generate(request, state, report)
                case .analyse: state = try await analyse(request, state, report)
                case .approve: state = try await approve(request, state, report)
                case .execute: state = try await run(request, state, report)
                case let .finished(outcome):
                    switch outcome {
                    case .success: report(.succeeded, state.attempt, "Python code executed successfully")
                    case .rejected: report(.failed, state.attempt, "Execution rejected by the reviewer")
                    case .pendingApproval: break
                    }
                    return outcome
                }
            }
        } catch {
            report(.failed, state.attempt, "\(error)")
            throw error
        }
    }
}

/// A started run: its progress and its outcome.
public struct ServiceRun: Sendable {
    /// Status events until the run ends.
    public let events: AsyncStream<StatusEvent>
    /// The run's outcome.
    public let outcome: Task<ServiceOutcome, any Error>
}
