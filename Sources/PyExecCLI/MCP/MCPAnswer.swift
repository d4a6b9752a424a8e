import Foundation
import MCP
import PyEmbed
import PythonExecutor

/// Tool results: text for people and models, images for figures, structured content for programs.
enum MCPAnswer {
    /// The answer to a run: success, code waiting for approval, or a rejection.
    /// `results` larger than `resultsLimit` bytes of JSON are left out of the
    /// structured content (a client would stall on them); the answer says where
    /// results.json holds them.
    static func outcome(_ outcome: ServiceOutcome, session: String?, resultsLimit: Int) -> CallTool.Result {
        switch outcome {
        case let .success(result):
            let success = result.executionResult
            var text = ""
            if !success.stdout.isEmpty { text += "--- output ---\n\(success.stdout)" + (success.stdout.hasSuffix("\n") ? "" : "\n") }
            text += "--- results ---\n\(Pretty.text(success.results))\n"
            if !success.figures.isEmpty { text += "figures: \(success.figures.count) (PNG images follow)\n" }
            text += "folder: \(success.folderPath)\n"
            for warning in result.analysisWarnings { text += "warning: \(warning)\n" }
            let images = success.figures.map { figure in
                Tool.Content.image(data: Data(figure.png).base64EncodedString(), mimeType: "image/png", annotations: nil, _meta: nil)
            }
            let resultsBytes = success.resultsJSON?.count ?? 0
            let omitted = resultsBytes > resultsLimit
            if omitted {
                text += "results.json (\(resultsBytes) bytes) is over the \(resultsLimit)-byte limit for an answer: "
                text += "read it from the folder\n"
            }
            var structured: [String: Value] = [
                "results": omitted ? .null : strictResults(success),
                "stdout": .string(success.stdout),
                "execution_folder": .string(success.folderPath),
                "notebook_path": .string(success.notebookPath),
                "figure_paths": .array(success.figurePaths.map(Value.string)),
                "execution_time_seconds": .double(success.executionTime),
                "analysis_warnings": .array(result.analysisWarnings.map(Value.string)),
            ]
            if let session { structured["session"] = .string(session) }
            if omitted {
                structured["results_omitted"] = .object([
                    "bytes": .int(resultsBytes), "limit": .int(resultsLimit),
                    "results_path": .string(success.folderPath + "/results.json"),
                ])
            }
            return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)] + images, structuredContent: .object(structured))
        case let .pendingApproval(pending):
            let command = "pyexec resume \(pending.folder) --approve --digest \(pending.codeSHA256)"
            var text = "Not run: the code needs a person's approval (\(pending.approval.reasoning)).\n"
            for concern in pending.approval.safetyConcerns { text += "concern: \(concern)\n" }
            text += "A person approves it by reviewing \(pending.approval.notebookPath) and running:\n  \(command)\n"
            text += "(or rejects it with: pyexec resume \(pending.folder) --reject). The tool cannot approve code itself.\n"
            return CallTool.Result(
                content: [.text(text: text, annotations: nil, _meta: nil)],
                structuredContent: .object(["pending_approval": .object([
                    "folder": .string(pending.folder), "code_sha256": .string(pending.codeSHA256),
                    "reasoning": .string(pending.approval.reasoning),
                    "execution_mode": .string(pending.approval.executionMode.rawValue),
                    "safety_concerns": .array(pending.approval.safetyConcerns.map(Value.string)),
                    "notebook_path": .string(pending.approval.notebookPath), "approve_command": .string(command),
                ])]),
                isError: true)
        case let .rejected(reason, _, folder):
            return CallTool.Result(
                content: [.text(text: "Not run: rejected (\(reason)). (\(folder))", annotations: nil, _meta: nil)],
                structuredContent: .object(["rejected": .object(["reason": .string(reason), "folder": .string(folder)])]),
                isError: true)
        }
    }

    /// A failed run as a tool error: the exception's type, message and traceback.
    static func failure(_ error: any Error) -> CallTool.Result {
        let (category, type, message, traceback) = OutputWriter.describe(error)
        var text = "\(type): \(message)\n"
        if let traceback, !traceback.isEmpty { text += traceback }
        var fields: [String: Value] = [
            "category": .string(category), "type": .string(type), "message": .string(message),
            "traceback": traceback.map(Value.string) ?? .null,
        ]
        if let exception = traceback.flatMap(pythonExceptionType) { fields["exception_type"] = .string(exception) }
        return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: .object(["error": .object(fields)]), isError: true)
    }

    /// What static analysis found, and whether the policy would ask for approval.
    static func analysis(_ report: AnalysisReport, approval: ApprovalRequirement) -> CallTool.Result {
        var text = "execution mode: \(report.executionMode.rawValue)\n"
        text += "needs approval: \(approval.needsApproval ? "yes" : "no") (\(approval.reasoning))\n"
        if let syntax = report.syntaxError { text += "syntax error: \(syntax)\n" }
        for issue in report.blockingIssues { text += "blocking: \(issue)\n" }
        for finding in report.securityFindings { text += "finding (\(finding.severity.rawValue)): \(finding.message)\n" }
        for write in report.channelWrites { text += "write: \(write)\n" }
        for read in report.channelReads { text += "read: \(read)\n" }
        for warning in report.warnings { text += "warning: \(warning)\n" }
        var structured = (try? Value(report))?.objectValue ?? [:]
        structured["needs_approval"] = .bool(approval.needsApproval)
        structured["approval_reasoning"] = .string(approval.reasoning)
        structured["passed"] = .bool(report.passed)
        return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: .object(structured))
    }

    static func sessions(_ sessions: [MCPSession]) -> CallTool.Result {
        let rows: [Value] = sessions.map { entry in
            .object([
                "name": .string(entry.session.name), "isolation": .string(entry.isolation.rawValue),
                "runs": .int(entry.runs), "created": .string(ISO8601DateFormatter().string(from: entry.created)),
            ])
        }
        let text = sessions.isEmpty
            ? "no sessions"
            : sessions.map { "\($0.session.name) (\($0.isolation.rawValue), \($0.runs) run(s))" }.joined(separator: "\n")
        return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: .object(["sessions": .array(rows)]))
    }

    static func sessionReset(_ name: String) -> CallTool.Result {
        CallTool.Result(
            content: [.text(text: "session '\(name)' reset: its variables are gone", annotations: nil, _meta: nil)],
            structuredContent: .object(["reset": .string(name)]))
    }

    /// `results` as results.json holds it (the strict export rules), else its summary.
    private static func strictResults(_ success: PythonExecutionSuccess) -> Value {
        if let json = success.resultsJSON, let value = try? JSONDecoder().decode(Value.self, from: json) { return value }
        return .string(success.results.summary())
    }

    /// The exception's type from a traceback's last line (`ZeroDivisionError: division by zero`).
    private static func pythonExceptionType(_ traceback: String) -> String? {
        guard let last = traceback.split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) }) else { return nil }
        let name = last.prefix { $0 != ":" }
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
        return String(name)
    }
}
