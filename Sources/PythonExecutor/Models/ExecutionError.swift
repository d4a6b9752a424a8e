/// One failed attempt in the chain that feeds the next generation (the reference's `ExecutionError`).
public struct ExecutionError: Sendable, Hashable, Codable {
    /// Which kind of failure.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The generator failed or gave no code.
        case generation
        /// Static analysis refused the code.
        case analysis
        /// The code does not parse.
        case syntax
        /// The code raised, timed out or produced no `results`.
        case execution
    }

    /// Which kind of failure (`error_type`).
    public var errorType: Kind
    /// What went wrong, in one or a few lines (`error_message`).
    public var errorMessage: String
    /// The code that failed, when there was code (`failed_code`).
    public var failedCode: String?
    /// The Python traceback, when there was one (`traceback`).
    public var traceback: String?
    /// The attempt (1-based) that failed (`attempt_number`).
    public var attemptNumber: Int
    /// The workflow stage it failed in (`stage`): `generation`, `analysis`, `execution`.
    public var stage: String
    /// The analysis findings that refused the code (`analysis_issues`).
    public var analysisIssues: [String]
    /// The typed error of this failure, with its stage, attempt and folder (and
    /// the Python exception for code that raised). Not saved with a paused run:
    /// entries read back from `pending_approval.json` have none.
    public var failure: PythonExecutorError?

    /// Creates a chain entry.
    public init(
        errorType: Kind, errorMessage: String, failedCode: String? = nil, traceback: String? = nil,
        attemptNumber: Int, stage: String, analysisIssues: [String] = [], failure: PythonExecutorError? = nil
    ) {
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.failedCode = failedCode
        self.traceback = traceback
        self.attemptNumber = attemptNumber
        self.stage = stage
        self.analysisIssues = analysisIssues
        self.failure = failure
    }

    enum CodingKeys: String, CodingKey {
        case errorType = "error_type", errorMessage = "error_message", failedCode = "failed_code", traceback
        case attemptNumber = "attempt_number", stage, analysisIssues = "analysis_issues"
    }

    /// The entry as the generation prompt shows it. A traceback over 1000
    /// characters keeps its first and last 500, joined by `... (truncated) ...`.
    public var promptText: String {
        var lines = ["Attempt \(attemptNumber) failed at \(stage) (\(errorType.rawValue)): \(errorMessage)"]
        if !analysisIssues.isEmpty { lines.append("Analysis issues:\n" + analysisIssues.map { "- \($0)" }.joined(separator: "\n")) }
        if let failedCode { lines.append("Failed code:\n```python\n\(failedCode)\n```") }
        if let traceback, !traceback.isEmpty { lines.append("Traceback:\n" + Self.shortened(traceback)) }
        return lines.joined(separator: "\n")
    }

    /// `text` itself when it has at most 1000 characters, else its first and last 500.
    /// Lengths count Unicode scalars, as Python's `len` counts code points.
    static func shortened(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > 1000 else { return text }
        var head = String.UnicodeScalarView(), tail = String.UnicodeScalarView()
        head.append(contentsOf: scalars.prefix(500))
        tail.append(contentsOf: scalars.suffix(500))
        return String(head) + "\n... (truncated) ...\n" + String(tail)
    }
}
