import Foundation
import PythonExecutor

/// Asks for approval on the terminal: shows the code and the analysis on
/// stderr and reads `y` or `n` from standard input (no answer means no).
struct TerminalApprovalHandler: ApprovalHandler {
    func review(_ request: ApprovalRequest) async -> ApprovalDecision {
        var text = "\n=== Approval needed (\(request.executionMode.rawValue)) ===\n\(request.reasoning)\n"
        for concern in request.safetyConcerns { text += "concern: \(concern)\n" }
        for detail in request.analysisDetails { text += "analysis: \(detail)\n" }
        text += "--- code ---\n\(request.code)\n--- sha256: \(request.codeSHA256)\n--- notebook: \(request.notebookPath)\nApprove and run? [y/N] "
        AnswerStreams.error(text)
        let answer = await Self.readAnswer()?.trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes" ? .approved() : .rejected(reason: "rejected at the terminal")
    }

    /// Reads one line of standard input on a thread of its own: a person may take
    /// minutes to answer, and a blocked cooperative thread would stall other tasks.
    static func readAnswer() async -> String? {
        await withCheckedContinuation { continuation in
            let reader = Thread { continuation.resume(returning: readLine()) }
            reader.name = "pyexec approval prompt"
            reader.start()
        }
    }
}
