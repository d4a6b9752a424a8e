import Foundation

extension ExecutionFiles {
    /// Writes an attempt notebook, `attempts/NN_<stage>_<HHMMSS>.ipynb`, and
    /// records it in ``context``.
    ///
    /// The notebook has a header (attempt number, stage, time, `extra` — e.g.
    /// the approval request — and the error), a cell that loads
    /// `../context.json` when it exists, and the code exactly as written.
    ///
    /// - Returns: The recorded attempt.
    @discardableResult
    public mutating func writeAttemptNotebook(
        stage: AttemptStage, code: String, error: ExecutionError?, extra: String?
    ) throws(ExecutionFilesError) -> NotebookAttempt {
        let number = recordedContext.nextAttemptNumber
        let now = Date()
        let stamp = LocalTimestamp(now)
        let relative = "attempts/" + (number < 10 ? "0" : "") + "\(number)_\(stage.rawValue)_\(stamp.timeStamp).ipynb"
        let errorContext = error.map(NotebookContent.errorContext)
        let notebook = NotebookContent.attempt(
            number: number, stage: stage, created: stamp.display, code: code, errorContext: errorContext,
            extra: extra, loadsContext: FileManager.default.fileExists(atPath: contextFilePath)
        )
        let path = try write(notebook.data(), to: relative)
        let attempt = NotebookAttempt(
            notebookType: stage.notebookType, attemptNumber: number, stage: stage.rawValue, notebookPath: path,
            notebookLink: link(for: path), errorContext: errorContext, createdAt: now
        )
        recordedContext.notebookAttempts.append(attempt)
        return attempt
    }

    /// Writes the final notebook, `notebook.ipynb`, of a successful run.
    ///
    /// It holds a header (task, query, time), a cell that loads `context.json`
    /// with plain `json` (relative to the notebook's folder, where Jupyter
    /// starts the kernel), the code exactly as written, a cell that shows
    /// `results`, and links to the figures. It runs top to bottom in a plain
    /// Python 3 kernel. `context.json` is written first if it is missing.
    ///
    /// - Parameter figurePaths: The saved figures, absolute or relative to the execution folder.
    /// - Returns: The notebook's absolute path.
    @discardableResult
    public func writeFinalNotebook(
        code: String, request: PythonExecutionRequest, figurePaths: [String], resultsSummary: String?
    ) throws(ExecutionFilesError) -> String {
        if !FileManager.default.fileExists(atPath: contextFilePath) {
            try writeContext(request.capabilityContextData)
        }
        let notebook = NotebookContent.final(
            code: code, task: request.taskObjective, query: request.userQuery,
            created: LocalTimestamp(Date()).display, resultsSummary: resultsSummary,
            figureLinks: figurePaths.map(figureLink)
        )
        return try write(notebook.data(), to: "notebook.ipynb")
    }

    /// The link a notebook in the execution folder uses for a figure: relative
    /// when the figure is inside the folder, else an absolute link.
    private func figureLink(_ path: String) -> String {
        var relative: String?
        if path.hasPrefix("/") {
            let standardized = URL(fileURLWithPath: path, isDirectory: false).standardizedFileURL.path
            if standardized.hasPrefix(folderPath + "/") { relative = String(standardized.dropFirst(folderPath.count + 1)) }
        } else {
            relative = path
        }
        guard let relative else { return link(for: path) }
        return relative.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? relative
    }
}
