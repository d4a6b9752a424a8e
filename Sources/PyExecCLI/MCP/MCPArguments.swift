import MCP
import PythonExecutor

/// A tool call's arguments, read with the checks that make a bad request a protocol error.
struct MCPArguments {
    let values: [String: Value]

    init(_ values: [String: Value]) {
        self.values = values
    }

    func requiredString(_ name: String) throws -> String {
        guard let text = try optionalString(name) else { throw MCPError.invalidParams("'\(name)' is required") }
        return text
    }

    func optionalString(_ name: String) throws -> String? {
        guard let value = values[name], value != .null else { return nil }
        guard let text = value.stringValue else { throw MCPError.invalidParams("'\(name)' must be a string") }
        return text
    }

    /// `isolation`: `process` or `in_process` (`in-process` too).
    func isolation() throws -> ExecutorConfiguration.Isolation? {
        guard let text = try optionalString("isolation") else { return nil }
        guard let tier = ExecutorConfiguration.Isolation(rawValue: text.replacingOccurrences(of: "-", with: "_")) else {
            let known = ExecutorConfiguration.Isolation.allCases.map(\.rawValue).joined(separator: ", ")
            throw MCPError.invalidParams("'isolation' must be one of \(known), not '\(text)'")
        }
        return tier
    }

    /// `timeout`: seconds, more than 0 and at most 1000000.
    func timeout() throws -> Double? {
        guard let value = values["timeout"], value != .null else { return nil }
        guard let seconds = value.doubleValue ?? value.intValue.map(Double.init), seconds > 0, seconds <= 1_000_000 else {
            throw MCPError.invalidParams("'timeout' must be a number of seconds above 0 and at most 1000000")
        }
        return seconds
    }
}
