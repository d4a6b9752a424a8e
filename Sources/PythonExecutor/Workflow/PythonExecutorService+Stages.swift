import Foundation
import PyEmbed

/// The workflow's stages: each takes the request and the state and returns the next state.
extension PythonExecutorService {
    typealias Report = (StatusEvent.Stage, Int, String) -> Void

    /// Generate: a new attempt, bounded by `request.retries` across all stages.
    func generate(_ request: PythonExecutionRequest, _ state: WorkflowState, _ report: Report) async throws(PythonExecutorError) -> WorkflowState {
        var state = state
        guard state.attempt < max(1, request.retries) else {
            throw .maxAttemptsExceeded(attempts: state.attempt, chain: state.errorChain)
        }
        state.attempt += 1
        report(.generating, state.attempt, "Generating Python code…")
        do {
            state.code = try await generator.generate(request, errorChain: state.errorChain)
            state.step = .analyse
        } catch {
            let message = (error as? PythonExecutorError)?.description ?? "\(error)"
            state.errorChain.append(ExecutionError(errorType: .generation, errorMessage: message, attemptNumber: state.attempt, stage: "generation"))
            state.step = .generate
        }
        return state
    }

    /// Analyse: syntax, security, control-system operations, policy.
    func analyse(_ request: PythonExecutionRequest, _ state: WorkflowState, _ report: Report) async throws(PythonExecutorError) -> WorkflowState {
        var state = state
        report(.analyzing, state.attempt, "Analyzing Python code…")
        let analysis: AnalysisReport
        do {
            analysis = try await analyzer.analyze(state.code, runtime: runtime)
        } catch {
            throw .workflow(message: "static analysis could not run: \(error)", stage: "analysis")
        }
        state.report = analysis
        if let syntax = analysis.syntaxError {
            let failure = ExecutionError(
                errorType: .syntax, errorMessage: "\(syntax)", failedCode: state.code, attemptNumber: state.attempt,
                stage: "analysis", analysisIssues: analysis.blockingIssues)
            return try failed(failure, notebookStage: .syntaxError, state)
        }
        guard analysis.passed else {
            let failure = ExecutionError(
                errorType: .analysis, errorMessage: analysis.blockingIssues.joined(separator: "; "), failedCode: state.code,
                attemptNumber: state.attempt, stage: "analysis", analysisIssues: analysis.blockingIssues)
            return try failed(failure, notebookStage: .staticAnalysisFailed, state)
        }
        state.warnings = analysis.warnings
        let needsApproval = configuration.requiresApproval(mode: analysis.executionMode, hasWrites: !analysis.channelWrites.isEmpty)
        state.step = needsApproval ? .approve : .execute
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
            throw .workflow(message: "the pre-approval notebook could not be written: \(error)", stage: "approval")
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
        guard let approvalHandler else {
            let pending = PendingState(state: state, request: request, approval: approval)
            do {
                let data = try JSONEncoder.sorted.encode(pending)
                _ = try state.files.write(data, to: PendingState.fileName)
            } catch {
                throw .workflow(message: "the pending approval could not be saved: \(error)", stage: "approval")
            }
            state.step = .finished(.pendingApproval(PendingApproval(approval: approval, folder: approval.folder, attempt: state.attempt)))
            return state
        }
        switch await approvalHandler.review(approval) {
        case let .approved(edited):
            if let edited { state.code = edited }
            state.step = .execute
        case let .rejected(reason):
            state.step = .finished(.rejected(reason: reason, code: state.code, folder: approval.folder))
        }
        return state
    }

    /// Execute: run in-process, save results, figures, metadata and the final notebook.
    func run(_ request: PythonExecutionRequest, _ state: WorkflowState, _ report: Report) async throws(PythonExecutorError) -> WorkflowState {
        var state = state
        report(.executing, state.attempt, "Executing Python code…")
        let runner = InProcessRunner(runtime: runtime, timeoutSeconds: configuration.executionTimeoutSeconds)
        let started = Date()
        let outcome: ExecutionOutcome
        do {
            outcome = try await runner.run(state.code, context: request.capabilityContextData, attempt: state.attempt)
        } catch {
            writeFailureMetadata(error, started: started, state)
            let failure = ExecutionError(
                errorType: .execution, errorMessage: error.description, failedCode: state.code,
                traceback: error.traceback, attemptNumber: state.attempt, stage: "execution")
            if case .channelLimitsViolation = error {
                _ = try? state.files.writeAttemptNotebook(stage: .executionFailed, code: state.code, error: failure, extra: nil)
                throw error
            }
            return try failed(failure, notebookStage: .executionFailed, state)
        }
        do {
            let figurePaths = try outcome.figures.enumerated().map { index, figure in try state.files.saveFigure(png: figure.png, index: index + 1) }
            _ = try state.files.writeResults(outcome.results)
            _ = try state.files.writeMetadata(ExecutionMetadata.success(
                started: started, outcome: outcome, figurePaths: figurePaths))
            let notebook = try state.files.writeFinalNotebook(
                code: state.code, request: request, figurePaths: figurePaths, resultsSummary: outcome.results.description)
            let success = PythonExecutionSuccess(
                results: outcome.results, stdout: outcome.stdout, executionTime: outcome.seconds,
                folderPath: state.files.context.folderPath, notebookPath: notebook, notebookLink: state.files.link(for: notebook),
                figurePaths: figurePaths, figures: outcome.figures)
            state.step = .finished(.success(PythonServiceResult(
                executionResult: success, generatedCode: state.code, generationAttempt: state.attempt, analysisWarnings: state.warnings)))
        } catch {
            throw .workflow(message: "the results could not be saved: \(error)", stage: "execution")
        }
        return state
    }

    /// Records a failed attempt (chain and attempt notebook) and goes back to generation.
    private func failed(_ failure: ExecutionError, notebookStage: AttemptStage, _ state: WorkflowState) throws(PythonExecutorError) -> WorkflowState {
        var state = state
        state.errorChain.append(failure)
        do {
            _ = try state.files.writeAttemptNotebook(stage: notebookStage, code: state.code, error: failure, extra: nil)
        } catch {
            throw .workflow(message: "the attempt notebook could not be written: \(error)", stage: failure.stage)
        }
        state.step = .generate
        return state
    }

    private func writeFailureMetadata(_ error: PythonExecutorError, started: Date, _ state: WorkflowState) {
        _ = try? state.files.writeMetadata(ExecutionMetadata.failure(started: started, error: error))
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
