import Foundation
import MCP

/// `tools/call`, with its parameters read by this server instead of the SDK, so
/// that ill-formed ones (`"arguments": "text"`, no `name`, no parameters at all)
/// get JSON-RPC's invalid-params error (-32602) rather than an internal error.
enum ToolCallRequest: Method {
    static let name = CallTool.name
    typealias Result = CallTool.Result

    /// The parameters as sent: any JSON, or none.
    struct Parameters: Codable, Hashable, Sendable, NotRequired {
        var value: Value?

        init() { value = nil }

        init(from decoder: any Decoder) throws { value = try Value(from: decoder) }

        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }

    /// The SDK's typed parameters, or `invalidParams` saying what is wrong.
    static func parameters(_ raw: Parameters) throws -> CallTool.Parameters {
        guard case .object? = raw.value else {
            throw MCPError.invalidParams("tools/call takes an object: {\"name\": \"run_python\", \"arguments\": {…}}")
        }
        do {
            return try JSONDecoder().decode(CallTool.Parameters.self, from: JSONEncoder().encode(raw.value))
        } catch {
            throw MCPError.invalidParams("tools/call: \"name\" must be a string and \"arguments\" an object")
        }
    }
}
