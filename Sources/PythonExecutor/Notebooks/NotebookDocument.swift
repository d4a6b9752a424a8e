import Foundation
import PyEmbed

/// A Jupyter notebook in nbformat 4.5 (cells with ids), for a Python 3 kernel.
struct NotebookDocument: Sendable {
    /// The cells, in order.
    var cells: [NotebookCell]

    /// Creates a notebook; cells get unique ids.
    init(cells: [NotebookCell]) {
        var used = Set<String>()
        self.cells = cells.map { cell in
            var cell = cell
            while cell.id.isEmpty || used.contains(cell.id) { cell.id = AtomicFileWriter.randomHex(8) }
            used.insert(cell.id)
            return cell
        }
    }

    /// The notebook as JSON, keys in sorted order as `nbformat.write` writes them.
    var json: JSONValue {
        .object([
            JSONMember("cells", .array(cells.map(\.json))),
            JSONMember("metadata", Self.metadata),
            JSONMember("nbformat", .number(JSONNumber(4))),
            JSONMember("nbformat_minor", .number(JSONNumber(5))),
        ])
    }

    /// The notebook's file content: indented JSON and a final line feed.
    func data() -> Data {
        var data = json.data(prettyPrinted: true)
        data.append(0x0A)
        return data
    }

    /// The notebook-level metadata: the `python3` kernel and the Python language.
    private static let metadata = JSONValue.object([
        JSONMember("kernelspec", .object([
            JSONMember("display_name", .string("Python 3 (ipykernel)")),
            JSONMember("language", .string("python")),
            JSONMember("name", .string("python3")),
        ])),
        JSONMember("language_info", .object([
            JSONMember("codemirror_mode", .object([
                JSONMember("name", .string("ipython")),
                JSONMember("version", .number(JSONNumber(3))),
            ])),
            JSONMember("file_extension", .string(".py")),
            JSONMember("mimetype", .string("text/x-python")),
            JSONMember("name", .string("python")),
            JSONMember("nbconvert_exporter", .string("python")),
            JSONMember("pygments_lexer", .string("ipython3")),
        ])),
    ])
}
