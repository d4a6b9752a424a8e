/// The cells of the notebooks an execution writes, after the reference's
/// `NotebookManager`, but self-contained: `context` is loaded with plain
/// `json`, so the notebooks run in any Python 3 kernel without this project.
enum NotebookContent {
    /// An attempt notebook: header (attempt, stage, time, extra text, error),
    /// the context-loading cell when `context.json` exists, then the code as written.
    static func attempt(
        number: Int, stage: AttemptStage, created: String, code: String, errorContext: String?,
        extra: String?, loadsContext: Bool
    ) -> NotebookDocument {
        var header = "# Python Executor - Attempt #\(number)\n\n**Stage:** \(stage.rawValue)  \n**Created:** \(created)\n"
        if let extra, !extra.isEmpty { header += "\n\(extra)\n" }
        if let errorContext { header += "\n## Error Context\n\n\(errorContext)\n" }
        var cells: [NotebookCell] = [.markdown(header)]
        if loadsContext { cells.append(.code(contextCell(path: "../context.json"))) }
        cells.append(.code(code))
        return NotebookDocument(cells: cells)
    }

    /// The final notebook: header (task, query, time), the context-loading
    /// cell, the code as written, a cell that shows `results`, and figure links.
    static func final(
        code: String, task: String, query: String, created: String, resultsSummary: String?, figureLinks: [String]
    ) -> NotebookDocument {
        var cells: [NotebookCell] = [
            .markdown(
                "# Python Executor - Successful Execution\n\nExecution completed successfully.\n\n"
                    + "**Task:** \(task)  \n**Query:** \(query)  \n**Created:** \(created)\n"
            ),
            .code(contextCell(path: "context.json")),
            .code(code),
        ]
        var results = "## Execution Results\n\n"
        if let resultsSummary, !resultsSummary.isEmpty { results += resultsSummary + "\n\n" }
        results += "Results saved to `results.json`; the next cell shows the `results` the code above computed."
        cells.append(.markdown(results))
        cells.append(.code("results"))
        if !figureLinks.isEmpty {
            var figures = "## Generated Figures\n\n"
            for (offset, link) in figureLinks.enumerated() {
                figures += "### Figure \(offset + 1)\n![Figure \(offset + 1)](\(link))\n\n"
            }
            cells.append(.markdown(figures))
        }
        return NotebookDocument(cells: cells)
    }

    /// Python that loads `context.json` from `path` (relative to the notebook's folder, the kernel's working folder).
    static func contextCell(path: String) -> String {
        """
        # Load the execution context (the request's capability_context_data)
        import json

        with open("\(path)", encoding="utf-8") as _context_file:
            context = json.load(_context_file)
        """
    }

    /// The markdown that describes a failed attempt.
    static func errorContext(_ error: ExecutionError) -> String {
        var text = "**Error type:** \(error.errorType.rawValue) (stage: \(error.stage), attempt \(error.attemptNumber))\n\n"
        text += fenced(error.errorMessage)
        if !error.analysisIssues.isEmpty {
            text += "\n\n**Analysis issues:**\n\n" + error.analysisIssues.map { "- \($0)" }.joined(separator: "\n")
        }
        if let traceback = error.traceback, !traceback.isEmpty {
            text += "\n\n**Traceback:**\n\n" + fenced(traceback)
        }
        return text
    }

    /// `text` in a fenced code block whose fence is longer than any backtick run inside it.
    static func fenced(_ text: String) -> String {
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let body = text.hasSuffix("\n") ? text : text + "\n"
        return "\(fence)text\n\(body)\(fence)"
    }
}
