import PyEmbed

/// One notebook cell: markdown, or code that has not run yet.
struct NotebookCell: Sendable {
    /// Markdown or code.
    enum Kind: String, Sendable { case markdown, code }

    /// The cell's kind.
    var kind: Kind
    /// The cell's text, exactly.
    var source: String
    /// The cell id (nbformat 4.5); assigned by ``NotebookDocument`` when empty.
    var id = ""

    /// A markdown cell.
    static func markdown(_ source: String) -> NotebookCell { NotebookCell(kind: .markdown, source: source) }
    /// A code cell.
    static func code(_ source: String) -> NotebookCell { NotebookCell(kind: .code, source: source) }

    /// The cell as JSON, keys in sorted order.
    var json: JSONValue {
        var members = [JSONMember("cell_type", .string(kind.rawValue))]
        if kind == .code { members.append(JSONMember("execution_count", .null)) }
        members.append(JSONMember("id", .string(id)))
        members.append(JSONMember("metadata", .object([])))
        if kind == .code { members.append(JSONMember("outputs", .array([]))) }
        members.append(JSONMember("source", .array(Self.lines(source).map(JSONValue.string))))
        return .object(members)
    }

    /// `text` split after each line feed, as Jupyter stores sources; joining the
    /// lines gives `text` back exactly (carriage returns stay in their lines).
    static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            current.append(scalar)
            if scalar == "\n" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }
}
