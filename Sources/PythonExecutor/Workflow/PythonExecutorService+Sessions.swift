import PyEmbed
import PyEmbedProcess

extension PythonExecutorService {
    /// A new session for this service's isolation tier. In the process tier it is a
    /// worker process of its own, started with the first run and set up like the pool's
    /// workers (same preload, channel-limits guard and `context` adapter). With
    /// `execution_method: container` it keeps a kernel of its own on each Jupyter
    /// server its runs go to.
    public nonisolated func makeSession(named name: String) -> PythonSession {
        if let jupyter {
            return PythonSession(name: name, storage: .kernel(jupyter.makeSession(named: name)))
        }
        if let pool {
            return PythonSession(name: name, storage: .worker(WorkerSession(configuration: pool.configuration)))
        }
        return PythonSession(name: name, storage: .namespace("pyexec.session.\(name)", runtime))
    }

    /// Analyses `code` as the workflow would, without running it: the report and whether
    /// the configured policy would ask a person to approve it.
    ///
    /// - Throws: ``PythonExecutorError/source(_:)`` for code over `python_executor.max_source_bytes`,
    ///   ``PythonExecutorError/workflow(message:stage:)`` when the analysis cannot run.
    public func analyse(_ code: String) async throws(PythonExecutorError) -> (report: AnalysisReport, approval: ApprovalRequirement) {
        let size = code.utf8.count, limit = configuration.pythonExecutor.maxSourceBytes
        guard size <= limit else { throw .source(.tooLarge(bytes: size, limit: limit)) }
        let report: AnalysisReport
        do {
            report = try await StaticAnalyzer(configuration: configuration.analysisConfiguration).analyze(code, runtime: runtime)
        } catch {
            throw .workflow(message: "static analysis could not run: \(error)", stage: .analysis)
        }
        return (report, configuration.approvalRequirement(mode: report.executionMode, hasWrites: !report.channelWrites.isEmpty))
    }
}
