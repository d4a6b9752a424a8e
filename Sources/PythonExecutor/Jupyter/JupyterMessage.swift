import Foundation

/// A message from a kernel, as the kernel channels WebSocket delivers it (JSON
/// text): only the parts the engine reads. Unknown message types and content
/// fields are ignored.
struct JupyterMessage: Decodable, Sendable {
    /// `header.msg_type`: `stream`, `display_data`, `execute_result`, `error`, `status`, `execute_reply`, …
    var type: String
    /// `parent_header.msg_id`: the request this message answers (`nil` for unsolicited ones).
    var parentID: String?
    /// `channel`: `iopub`, `shell`, …
    var channel: String?
    /// The content fields the engine reads.
    var content: Content

    /// The content fields of the message types the engine handles.
    struct Content: Decodable, Sendable {
        /// `stream`: `stdout` or `stderr`.
        var name: String?
        /// `stream`: the text.
        var text: String?
        /// `display_data` / `execute_result`: MIME type → data; only text values are kept.
        var data: [String: TextOrOther]?
        /// `status`: `busy`, `idle`, `starting`, `restarting`, `dead`.
        var executionState: String?
        /// `execute_reply`: `ok`, `error` or `aborted`.
        var status: String?
        /// `error` / failed `execute_reply`: the exception's type name.
        var ename: String?
        /// `error` / failed `execute_reply`: the exception's message.
        var evalue: String?
        /// `error` / failed `execute_reply`: the formatted traceback lines (with ANSI colours).
        var traceback: [String]?

        enum CodingKeys: String, CodingKey {
            case name, text, data, status, ename, evalue, traceback
            case executionState = "execution_state"
        }
    }

    /// A JSON value that is kept only when it is a string.
    struct TextOrOther: Decodable, Sendable {
        var text: String?

        init(from decoder: any Decoder) throws {
            text = try? decoder.singleValueContainer().decode(String.self)
        }
    }

    private struct Header: Decodable {
        var msg_type: String?
        var msg_id: String?
    }

    enum CodingKeys: String, CodingKey {
        case header, parentHeader = "parent_header", channel, content, msgType = "msg_type"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let header = try container.decodeIfPresent(Header.self, forKey: .header)
        let topLevelType = try container.decodeIfPresent(String.self, forKey: .msgType)
        guard let type = header?.msg_type ?? topLevelType else {
            throw DecodingError.dataCorruptedError(forKey: .header, in: container, debugDescription: "no msg_type")
        }
        self.type = type
        parentID = (try? container.decodeIfPresent(Header.self, forKey: .parentHeader))?.msg_id
        channel = try container.decodeIfPresent(String.self, forKey: .channel)
        content = (try? container.decodeIfPresent(Content.self, forKey: .content)) ?? Content(name: nil)
    }

    /// Decodes one WebSocket text frame; `nil` when it is not a kernel message.
    static func decode(_ text: String) -> JupyterMessage? {
        try? JSONDecoder().decode(JupyterMessage.self, from: Data(text.utf8))
    }
}

/// An `execute_request` on the shell channel (messaging protocol 5.3).
struct JupyterExecuteRequest: Encodable {
    struct Header: Encodable {
        var msg_id: String
        var msg_type = "execute_request"
        var session: String
        var username = "pyexec"
        var date: String
        var version = "5.3"
    }

    struct Content: Encodable {
        var code: String
        var silent = false
        var store_history = false
        var user_expressions: [String: String] = [:]
        var allow_stdin = false
        var stop_on_error = true
    }

    var header: Header
    var parent_header: [String: String] = [:]
    var metadata: [String: String] = [:]
    var content: Content
    var buffers: [String] = []
    var channel = "shell"

    init(id: String, session: String, code: String) {
        header = Header(msg_id: id, session: session, date: ISO8601DateFormatter().string(from: Date()))
        content = Content(code: code)
    }

    /// The request as JSON text.
    var json: String {
        String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self)
    }
}
