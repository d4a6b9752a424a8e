import Foundation
import PyEmbed

/// The workflow's stages: each takes the request and the state and returns the next state.
extension PythonExecutorService {
    typealias Report = @Sendable (StatusEvent.Stage, Int, String) -> Void

    /// Generate: a new attempt, bounded by `request.retries` across all stages.
    func generate(_ request: PythonExecutionRequest, _ state: WorkflowState, _ report: Report) async throws(PythonExecutorError) -> WorkflowState {
        var state = state
        guard state.attempt < max(1, request.retries) else {
            throw .maxAttemptsExceeded(attempts: state.attempt, chain: state.errorChain)
        }
        state.attempt += 1
        report(.generating, state.attempt, "Generating Python code…")
        do {
            state.code = try await (state.overrides.generator ?? generator).generate(request, errorChain: state.errorChain)
            state.step = .analyse
        } catch {
            let failure = try Self.generationFailure(error, attempt: state.attempt, folder: state.files.context.folderPath)
            state.errorChain.append(ExecutionError(
                errorType: .generation, errorMessage: failure.message, attemptNumber: state.attempt, stage: "generation", failure: failure.error))
            state.step = .generate
        }
        return state
    }

    /// A generator's error as a typed generation failure. The generator may throw
    /// anything (`CodeGenerator.generate` is untyped): cancellation ends the run,
    /// a ``PythonExecutorError`` keeps its text, any other error is named by its type.
    static func generationFailure(
        _ error: any Error, attempt: Int, folder: String
    ) throws(PythonExecutorError) -> (message: String, error: PythonExecutorError) {
        if Task.isCancelled || error is CancellationError { throw .cancelled(stage: .generation, attempt: attempt, folder: folder) }
        let message: String, reason: String
        switch error {
        case let error as PythonExecutorError:
            if case .cancelled = error { throw error.located(attempt: attempt, folder: folder) }
            message = error.description
            if case let .codeGeneration(inner, _, _, _) = error { reason = inner } else { reason = message }
        default:
            message = "the generator failed with \(String(reflecting: type(of: error))): \(error)"
            reason = message
        }
        return (message, .codeGeneration(message: reason, attempt: attempt, chain: [], folder: folder))
    }

    /// Analyse: syntax, security, control-system operations, policy.
    func analyse(_ request: PythonExecutionRequest, _ state: WorkflowState, _ report: Report) async throws(PythonExecutorError) -> WorkflowState {
        var state = state
        let size = state.code.utf8.count, limit = configuration.pythonExecutor.maxSourceBytes
        guard size <= limit else { throw .source(.tooLarge(bytes: size, limit: limit)) }
        report(.analyzing, state.attempt, "Analyzing Python code…")
        let analysis: AnalysisReport
        do {
            var settings = configuration.analysisConfiguration
            settings.executionFolder = state.files.context.folderPath
            analysis = try await StaticAnalyzer(configuration: settings).analyze(state.code, runtime: runtime)
        } catch {
            throw .workflow(message: "static analysis could not run: \(error)", stage: .analysis)
        }
        state.report = analysis
        let folder = state.files.context.folderPath
        if let syntax = analysis.syntaxError {
            let failure = ExecutionError(
                errorType: .syntax, errorMessage: "\(syntax)", failedCode: state.code, attemptNumber: state.attempt,
                stage: "analysis", analysisIssues: analysis.blockingIssues,
                failure: .syntax(message: "\(syntax)", issues: analysis.blockingIssues, attempt: state.attempt, folder: folder))
            return try failed(failure, notebookStage: .syntaxError, state)
        }
        guard analysis.passed else {
            let reason = analysis.blockingIssues.joined(separator: "; ")
            let failure = ExecutionError(
                errorType: .analysis, errorMessage: reason, failedCode: state.code,
                attemptNumber: state.attempt, stage: "analysis", analysisIssues: analysis.blockingIssues,
                failure: .rejected(reason: reason, issues: analysis.blockingIssues, attempt: state.attempt, folder: folder))
            return try failed(failure, notebookStage: .staticAnalysisFailed, state)
        }
        state.warnings = analysis.warnings
        let needsApproval = configuration.requiresApproval(mode: analysis.executionMode, hasWrites: !analysis.channelWrites.isEmpty)
        state.step = needsApproval && state.approvedCode != state.code ? .approve : .execute
        return state
    }

    /// Approve: ask the handler, or save the run and stop.
    func approve(_ request: PythonExecutionRequest, _ state: WorkflowState, _ report: Report) async throws(PythonExecutorError) -> WorkflowState {
        var state = state
        report(.awaitingApproval, state.attempt, "Requesting human approval…")
        let analysis = state.report
        let notebook: NotebookAttempt
        do {
            notebook = try state.files.writeAttemptNotebook(stage: .awaitingApproval, code: state.code, error: nil, extra: nil)
        } catch {
            throw .workflow(message: "the pre-approval notebook could not be written: \(error)", stage: .approval)
        }
        let writes = analysis?.channelWrites.map { "write: \($0)" } ?? []
        let reads = analysis?.channelReads.map { "read: \($0)" } ?? []
        let approval = ApprovalRequest(
            task: request.taskObjective,
            reasoning: configuration.approvalRequirement(mode: analysis?.executionMode ?? .readOnly, hasWrites: !writes.isEmpty).reasoning,
            code: state.code, analysisDetails: writes + reads + state.warnings,
            executionMode: analysis?.executionMode ?? .readOnly,
            safetyConcerns: writes.isEmpty ? [] : ["Channel writes change the machine's state: \(writes.count) write(s) found."],
            notebookPath: notebook.notebookPath, notebookLink: notebook.notebookLink,
            expectedResults: request.expectedResults, folder: state.files.context.folderPath)
        guard let approvalHandler = state.overrides.approvalHandler ?? approvalHandler else {
            var pending = PendingState(state: state, request: request, approval: approval)
            try pending.save(files: state.files)
            state.step = .finished(.pendingApproval(PendingApproval(approval: approval, folder: approval.folder, attempt: state.attempt)))
            return state
        }
        state.step = Self.apply(await approvalHandler.review(approval), to: &state, folder: approval.folder, analysed: true)
        return state
    }

    /// Execute: run in the configured tier, save results, figures, metadata and the final notebook.
    func run(_ request: PythonExecutionRequest, _ state: WorkflowState, _ report: @escaping Report) async throws(PythonExecutorError) -> WorkflowState {
        var state = state
        report(.executing, state.attempt, "Executing Python code…")
        let started = Date()
        let outcome: ExecutionOutcome
        do {
            let attempt = state.attempt
            outcome = try await engine.adapted(to: state.overrides).run(
                state.code, context: request.capabilityContextData, folder: state.files.context.folderPath, attempt: attempt,
                mode: state.report?.executionMode ?? .readOnly,
                output: { chunk in report(chunk.stream == .stdout ? .stdout : .stderr, attempt, chunk.text) })
        } catch {
            var error = error
            error.error = error.error.located(attempt: state.attempt, folder: state.files.context.folderPath)
            if Task.isCancelled, !error.error.isCancellation {
                // Whatever the engine saw, the caller gave up on the run: it is not the code's failure.
                error.error = .cancelled(stage: .execution, attempt: state.attempt, folder: state.files.context.folderPath)
            }
            var metadata = ExecutionMetadata.failure(started: started, failure: error)
            metadata.executionMode = engineName
            _ = try? state.files.writeMetadata(metadata)
            let failure = ExecutionError(
                errorType: .execution, errorMessage: error.error.description, failedCode: state.code,
                traceback: error.error.traceback, attemptNumber: state.attempt, stage: "execution", failure: error.error)
            switch error.error {
            case .channelLimitsViolation, .workflow, .cancelled, .containerConnectivity, .containerConfiguration:
                // New code cannot fix an unreachable or misconfigured server.
                _ = try? state.files.writeAttemptNotebook(stage: .executionFailed, code: state.code, error: failure, extra: nil)
                throw error.error
            default:
                return try failed(failure, notebookStage: .executionFailed, state)
            }
        }
        state.step = .finished(.success(try saved(outcome, started: started, request: request, state)))
        return state
    }

    /// The engine's name in `execution_metadata.json`: `container`, or the local isolation tier.
    private var engineName: String {
        configuration.execution.executionMethod == .container ? "container" : configuration.execution.isolation.rawValue
    }

    /// Saves a successful run's files. A figure or notebook that cannot be
    /// written is recorded in the metadata (`figure_errors`) and in the warnings;
    /// `results.json` or `execution_metadata.json` that cannot be written makes
    /// the run a failure (``PythonExecutorError/resultsNotSaved(_:)``) unless
    /// `python_executor.allow_unsaved_results` is on.
    private func saved(
        _ outcome: ExecutionOutcome, started: Date, request: PythonExecutionRequest, _ state: WorkflowState
    ) throws(PythonExecutorError) -> PythonServiceResult {
        // Each file's bytes are flushed before its rename; the folders once, after all of them.
        let files = state.files.batchingDirectorySyncs()
        var figurePaths: [String] = [], figureErrors = outcome.figureFailures.map { "not rendered: \($0)" }
        for (index, figure) in outcome.figures.enumerated() {
            do { figurePaths.append(try files.saveFigure(png: figure.png, index: index + 1)) } catch { figureErrors.append("figure \(index + 1): \(error)") }
        }
        var resultsError: ExecutionFilesError?, resultsJSON: Data?
        do {
            let json = try files.resultsJSON(outcome.results)
            resultsJSON = json
            try files.writeResults(json: json)
        } catch { resultsError = error }
        var notebook = ""
        do {
            notebook = try files.writeFinalNotebook(
                code: state.code, request: request, figurePaths: figurePaths, resultsSummary: ResultsSummary.markdown(outcome.results))
        } catch {
            figureErrors.append("notebook: \(error)")
        }
        var metadata = ExecutionMetadata.success(started: started, outcome: outcome, figurePaths: figurePaths)
        metadata.executionMode = engineName
        metadata.resultsSaved = resultsError == nil
        metadata.resultsSaveError = resultsError.map(\.description)
        metadata.figureErrors = figureErrors
        var metadataError: ExecutionFilesError?
        do { _ = try files.writeMetadata(metadata) } catch { metadataError = error }
        files.flushDirectories()
        if !configuration.pythonExecutor.allowUnsavedResults, let unsaved = resultsError ?? metadataError {
            throw .resultsNotSaved(unsaved)
        }
        let success = PythonExecutionSuccess(
            results: outcome.results, stdout: outcome.stdout, executionTime: outcome.seconds,
            folderPath: state.files.context.folderPath, notebookPath: notebook,
            notebookLink: notebook.isEmpty ? "" : state.files.link(for: notebook),
            figurePaths: figurePaths, figures: outcome.figures, resultsJSON: resultsJSON)
        var warnings = state.warnings
        warnings += outcome.conversionWarnings.map { "kept as an opaque object: \($0)" }
        warnings += figureErrors.map { "not saved: \($0)" }
        if let resultsError { warnings.append("results.json not saved: \(resultsError)") }
        if let metadataError { warnings.append("execution_metadata.json not saved: \(metadataError)") }
        return PythonServiceResult(executionResult: success, generatedCode: state.code, generationAttempt: state.attempt, analysisWarnings: warnings)
    }

    /// The step after a human's decision. Code is analysed once per version:
    /// approved code that `analysed` says was analysed in this run runs without
    /// a second analysis; edited code (an edit may add writes) and code resumed
    /// from a folder (another process, maybe another configuration) are analysed
    /// again and then run without a second approval. Rejected code never runs.
    static func apply(_ decision: ApprovalDecision, to state: inout WorkflowState, folder: String, analysed: Bool) -> WorkflowState.Step {
        switch decision {
        case let .approved(edited):
            let unchanged = edited == nil || edited == state.code
            if let edited { state.code = edited }
            state.approvedCode = state.code
            return unchanged && analysed ? .execute : .analyse
        case let .rejected(reason):
            return .finished(.rejected(reason: reason, code: state.code, folder: folder))
        }
    }

    /// Records a failed attempt (chain and attempt notebook) and goes back to generation.
    private func failed(_ failure: ExecutionError, notebookStage: AttemptStage, _ state: WorkflowState) throws(PythonExecutorError) -> WorkflowState {
        var state = state
        state.errorChain.append(failure)
        do {
            _ = try state.files.writeAttemptNotebook(stage: notebookStage, code: state.code, error: failure, extra: nil)
        } catch {
            throw .workflow(message: "the attempt notebook could not be written: \(error)", stage: PythonExecutorError.Stage(rawValue: failure.stage) ?? .execution)
        }
        state.step = .generate
        return state
    }

}

extension JSONEncoder {
    /// Pretty-printed with sorted keys: stable files for people and diffs.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
