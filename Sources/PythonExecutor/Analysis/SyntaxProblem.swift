import Foundation

/// Where and why the code does not parse.
public struct SyntaxProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The line, from 1 (0 when Python gives none).
    public var line: Int
    /// The column, from 1, as Python reports it (0 when Python gives none).
    public var column: Int
    /// Python's message (`'(' was never closed`).
    public var message: String
    /// The offending source line, when Python quotes it.
    public var text: String?

    /// Creates a syntax problem.
    public init(line: Int, column: Int, message: String, text: String? = nil) {
        self.line = line
        self.column = column
        self.message = message
        self.text = text
    }

    /// `Syntax error at line 3, column 5: invalid syntax`, with the line quoted when known.
    public var description: String {
        var text = "Syntax error at line \(line), column \(column): \(message)"
        if let quoted = self.text?.trimmingCharacters(in: .whitespaces), !quoted.isEmpty { text += " (`\(quoted)`)" }
        return text
    }
}
