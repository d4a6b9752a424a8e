import Foundation

extension OpenAICompatibleGenerator {
    /// The code in a model's answer, without markdown fences.
    ///
    /// A fenced block (```` ```python ````, ```` ```py ````, plain ```` ``` ````) wins over the prose
    /// around it; with several blocks, the first Python (or unlabelled) block is taken. An opening fence
    /// that is never closed (a cut-off answer) keeps the code after it. An answer wrapped in single backticks loses them.
    /// An answer without fences is returned trimmed.
    ///
    /// - Throws: ``PythonExecutorError/codeGeneration(message:attempt:chain:folder:)`` (attempt 1, empty chain)
    ///   when the answer is empty or holds nothing but fences.
    public static func extractCode(from answer: String) throws(PythonExecutorError) -> String {
        let trimmed = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .generation("the model returned an empty answer", chain: []) }
        let code: String
        if let block = fencedBlock(in: trimmed) {
            code = block
        } else if trimmed.hasPrefix("`"), trimmed.hasSuffix("`"), trimmed.count >= 2 {
            code = String(trimmed.dropFirst().dropLast()).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            code = trimmed
        }
        guard !code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .generation("the model's answer holds no code, only markdown fences", chain: [])
        }
        return code
    }

    /// The body of the chosen fenced block, or `nil` when the text has no fence line.
    static func fencedBlock(in text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [(language: String, body: [String])] = []
        var open: (language: String, body: [String])?
        for line in lines {
            let stripped = line.trimmingCharacters(in: .whitespaces)
            if open == nil, stripped.count > 6, stripped.hasPrefix("```"), stripped.hasSuffix("```") {
                blocks.append(("", [String(stripped.dropFirst(3).dropLast(3))]))
            } else if var current = open, !stripped.hasPrefix("```"), stripped.hasSuffix("```") {
                var text = line
                while text.last?.isWhitespace == true { text.removeLast() }
                current.body.append(String(text.dropLast(3)))
                blocks.append(current)
                open = nil
            } else if stripped.hasPrefix("```") {
                if let current = open {
                    blocks.append(current)
                    open = nil
                } else {
                    open = (stripped.dropFirst(3).trimmingCharacters(in: .whitespaces).lowercased(), [])
                }
            } else if open != nil {
                open?.body.append(line)
            }
        }
        if let unclosed = open { blocks.append(unclosed) }
        guard !blocks.isEmpty else { return nil }
        let pythonLike: Set<String> = ["", "python", "py", "python3"]
        let chosen = blocks.first { pythonLike.contains($0.language) && !isBlank($0.body) }
            ?? blocks.first { !isBlank($0.body) }
            ?? blocks[0]
        return chosen.body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isBlank(_ lines: [String]) -> Bool {
        lines.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}
