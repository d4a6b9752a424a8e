import Foundation
import PyEmbedProcess

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
    let layout: FileLayoutConfiguration
    /// Where generated code runs (``ExecutorConfiguration/Isolation``).
    let engine: any ExecutionEngine
    /// The process tier's warm worker, when that tier is configured.
    let pool: WorkerPool?
    /// The Jupyter engine, when `execution_method` is `container`.
    nonisolated let jupyter: JupyterEngine?
    private var isPrepared = false

    /// Creates a service.
    ///
    /// With `execution.execution_method: local`, by default
    /// (`execution.isolation: process`) each run is a process forked from a
    /// warm `pyembed-worker`; `in_process` runs it in this process's embedded
    /// interpreter, for trusted code. `container` runs it on a Jupyter kernel of
    /// the server that `services.jupyter.containers` names for the analysed mode
    /// (``JupyterEngine``); call ``shutDownKernels()`` to delete its kernels. The channel-limits database
    /// (`control_system.limits_checking`) is read and checked here; its guard is
    /// set up in the process that runs the code, around every write path.
    /// - Parameters:
    ///   - runtime: the embedded Python to use; when `nil`, it is started in
    ///     `execution.python_env_path` (a venv) if set, else as PyEmbed chooses.
    ///   - approvalHandler: asked when the policy requires approval; without
    ///     one, such runs stop with ``ServiceOutcome/pendingApproval(_:)``.
    public init(
        configuration: ExecutorConfiguration = ExecutorConfiguration(), generator: any CodeGenerator,
        approvalHandler: (any ApprovalHandler)? = nil, runtime: PythonRuntime? = nil
    ) throws(PythonExecutorError) {
        self.configuration = configuration
        self.generator = generator
        self.approvalHandler = approvalHandler
        let environment = try configuration.execution.pythonEnvironment() ?? .automatic
        do {
            self.runtime = try runtime ?? PythonRuntime.start(environment)
        } catch {
            throw .configuration("the embedded Python could not start: \(error)")
        }
        layout = configuration.fileLayout
        let settings = try ChannelLimitsGuard.settings(for: configuration, runtime: self.runtime)
        if configuration.execution.executionMethod == .container {
            pool = nil
            let jupyter = try JupyterEngine(configuration: configuration, settings: settings)
            self.jupyter = jupyter
            engine = jupyter
            return
        }
        jupyter = nil
        switch configuration.execution.isolation {
        case .inProcess:
            pool = nil
            engine = InProcessRunner(
                runtime: self.runtime, timeoutSeconds: configuration.executionTimeoutSeconds, settings: settings,
                outputLimit: configuration.execution.process.outputLimitBytes)
        case .process:
            let tier = configuration.execution.process
            let pool = WorkerPool(configuration: WorkerConfiguration(
                executable: tier.workerPath, environment: environment,
                preload: tier.preload, prelude: ChannelLimitsGuard.prelude(settings), inputAdapter: ChannelLimitsGuard.inputAdapter,
                recognisedExceptions: [ChannelLimitsGuard.violationType],
                pidNamespace: tier.pidNamespace))
            self.pool = pool
            engine = ProcessEngine(pool: pool, timeoutSeconds: configuration.executionTimeoutSeconds, tier: tier, environment: settings.environment)
        }
    }

    /// Stops the process tier's worker, if one is running (it also stops when the service is released).
    /// Kernels on a Jupyter server are deleted by ``shutDownKernels()``.
    public nonisolated func shutDown() {
        pool?.shutDown()
    }

    /// Deletes the Jupyter kernels this service started (`execution_method: container`);
    /// later runs fail. Nothing happens for local execution.
    public nonisolated func shutDownKernels() async {
        await jupyter?.shutDown()
    }

    /// Runs `request` to its end, reporting progress to `events`.
    ///
    /// - Parameter overrides: this run's own generator, session, time limit or approval handler.
    ///
    /// - Returns: the success, a pending approval, or a rejection.
    /// - Throws: ``PythonExecutorError``: retries exhausted, a channel-limits
    ///   violation (never retried), files or configuration that failed.
    public func execute(
        _ request: PythonExecutionRequest, overrides: RunOverrides = RunOverrides(), events: (@Sendable (StatusEvent) -> Void)? = nil
    ) async throws(PythonExecutorError) -> ServiceOutcome {
        try await prepare()
        let files: ExecutionFiles
        do {
            files = try ExecutionFiles.create(name: request.executionFolderName, configuration: layout)
            _ = try files.writeContext(request.capabilityContextData)
        } catch {
            throw .workflow(message: "the execution folder could not be written: \(error)", stage: .setup)
        }
        var state = WorkflowState(files: files)
        state.overrides = overrides
        guard let session = overrides.session else { return try await drive(request, state: state, events: events) }
        return try await session.turns.withSlot { () async throws(PythonExecutorError) -> ServiceOutcome in
            try await drive(request, state: state, events: events)
        }
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
    /// The stored code runs only if its seal holds (it is exactly the code that
    /// was analysed and shown, in this folder, with this `context.json`), and,
    /// when `approvedDigest` is given, only if it is the version the reviewer saw.
    /// Every path is derived from `folder`. The decision is recorded before
    /// anything runs; if it cannot be recorded the approval stays pending.
    /// Approved code is analysed again here (this process's configuration
    /// applies) and runs exactly as shown, or as edited in the decision; a
    /// rejection ends the run without running anything.
    ///
    /// - Parameter approvedDigest: the SHA-256 (hexadecimal) of the code the
    ///   reviewer approved (``pendingApproval(folder:)`` gives it).
    /// - Throws: ``PythonExecutorError/approval(_:)`` when the approval was
    ///   already decided, its seal is broken, the digest differs or the decision
    ///   could not be recorded; the errors of a run otherwise.
    public func resume(
        folder: String, decision: ApprovalDecision, approvedDigest: String? = nil,
        events: (@Sendable (StatusEvent) -> Void)? = nil
    ) async throws(PythonExecutorError) -> ServiceOutcome {
        try await prepare()
        let loaded: (state: PendingState, folder: String, context: Data?)
        do { loaded = try PendingState.load(folder: folder) } catch { throw .approval(error) }
        let pending = loaded.state
        if case .approved = decision, let approvedDigest {
            guard let expected = ApprovalSeal.normalizedDigest(approvedDigest) else { throw .approval(.invalidDigest(approvedDigest)) }
            let actual = ApprovalSeal.digest(of: pending.approval.code)
            guard expected == actual else { throw .approval(.digestMismatch(folder: loaded.folder, expected: expected, actual: actual)) }
        }
        let request = try pending.restoredRequest(folder: loaded.folder, context: loaded.context, runtime: runtime)
        let files = ExecutionFiles.reopen(folder: loaded.folder, recordedAttempts: pending.context.notebookAttempts, configuration: layout)
        var state = WorkflowState(files: files)
        state.attempt = pending.attempt
        state.errorChain = pending.errorChain
        state.warnings = pending.warnings
        state.code = pending.approval.code
        do { try pending.claim(folder: loaded.folder, decision: decision) } catch { throw .approval(error) }
        state.step = Self.apply(decision, to: &state, folder: loaded.folder, analysed: false)
        return try await drive(request, state: state, events: events)
    }

    private func prepare() async throws(PythonExecutorError) {
        guard !isPrepared else { return }
        do {
            _ = try await runtime.interpreter.run(ChannelLimitsGuard.installation)
            try await runtime.interpreter.withGIL { gil throws(PyEmbedError) in try gil.recogniseExceptions(of: ChannelLimitsGuard.violationType) }
        } catch {
            throw .configuration("the channel-limits module could not be installed: \(error)")
        }
        isPrepared = true
    }

    /// Runs the state machine until it finishes.
    private func drive(
        _ request: PythonExecutionRequest, state initial: WorkflowState, events: (@Sendable (StatusEvent) -> Void)?
    ) async throws(PythonExecutorError) -> ServiceOutcome {
        var state = initial
        let report: Report = { stage, attempt, message in events?(StatusEvent(stage: stage, attempt: attempt, message: message)) }
        do throws(PythonExecutorError) {
            while true {
                if Task.isCancelled, let stage = state.step.stage {
                    throw .cancelled(stage: stage, attempt: state.attempt, folder: state.files.context.folderPath)
                }
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
            if case let .cancelled(stage, _, _) = error, stage != .execution {
                // A run cancelled in execution has its engine's metadata already.
                _ = try? state.files.writeMetadata(ExecutionMetadata(
                    startTime: Date(), endTime: Date(), success: false, error: error.description, errorType: error.typeName,
                    executionMode: configuration.execution.isolation.rawValue))
            }
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
