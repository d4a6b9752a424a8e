import Foundation
import Yams

extension ConfigNode {
    /// A `true`/`false` value, or `nil` when not given.
    func bool() throws(PythonExecutorError) -> Bool? {
        guard isGiven, let node else { return nil }
        guard case .scalar = node, Self.isTagged(node, .bool), let value = node.bool else { throw typeError("true or false") }
        return value
    }

    /// A number (integer or decimal), or `nil` when not given.
    func number() throws(PythonExecutorError) -> Double? {
        guard isGiven, let node else { return nil }
        guard case .scalar = node, Self.isTagged(node, .int) || Self.isTagged(node, .float), let value = node.float, value.isFinite else {
            throw typeError("a number")
        }
        return value
    }

    /// A number of seconds: greater than 0 and at most ``Self.longestDuration``, or `nil` when not given.
    func positiveNumber() throws(PythonExecutorError) -> Double? {
        guard let value = try number() else { return nil }
        guard value > 0 else { throw invalid("must be greater than 0, got \(value)") }
        guard value <= Self.longestDuration else { throw invalid("must be at most \(Int(Self.longestDuration)) seconds, got \(value)") }
        return value
    }

    /// The longest time limit accepted, in seconds (about 11.5 days).
    static let longestDuration = 1_000_000.0

    /// A whole number, or `nil` when not given.
    func integer() throws(PythonExecutorError) -> Int? {
        guard isGiven, let node else { return nil }
        guard case .scalar = node, Self.isTagged(node, .int), let value = node.int else { throw typeError("a whole number") }
        return value
    }

    /// Text, with `${NAME}` expanded from the environment, or `nil` when not given.
    /// Numbers and booleans written without quotes are taken as their text.
    func string() throws(PythonExecutorError) -> String? {
        guard isGiven, let node else { return nil }
        guard case let .scalar(scalar) = node else { throw typeError("text") }
        return try expand(scalar.string)
    }

    /// A list of text values, or `nil` when not given.
    func strings() throws(PythonExecutorError) -> [String]? {
        guard isGiven, let node else { return nil }
        guard case let .sequence(sequence) = node else { throw typeError("a list of text values") }
        var values: [String] = []
        for (index, item) in sequence.enumerated() {
            let element = ConfigNode(node: item, path: "\(path)[\(index)]", environment: environment, report: report)
            guard let value = try element.string() else { throw element.typeError("text") }
            values.append(value)
        }
        return values
    }

    /// A mapping of text to text (environment variables), or `nil` when not given.
    func stringMap() throws(PythonExecutorError) -> [String: String]? {
        guard isGiven, let node else { return nil }
        guard case let .mapping(mapping) = node else { throw typeError("a mapping of names to text") }
        var values: [String: String] = [:]
        for (keyNode, valueNode) in mapping {
            guard case let .scalar(key) = keyNode else {
                throw .configuration("\(location): keys must be text, got \(Self.describe(keyNode))\(Self.line(keyNode))")
            }
            let element = ConfigNode(node: valueNode, path: Self.join(path, key.string), environment: environment, report: report)
            values[key.string] = try element.string() ?? ""
        }
        return values
    }

    /// One of `type`'s raw values (or an alias of one), or `nil` when not given.
    func choice<Value: RawRepresentable & CaseIterable>(
        _ type: Value.Type, aliases: [String: Value] = [:]
    ) throws(PythonExecutorError) -> Value? where Value.RawValue == String {
        guard isGiven, let node else { return nil }
        let names = Value.allCases.map(\.rawValue).joined(separator: ", ")
        guard case let .scalar(scalar) = node else { throw typeError("one of \(names)") }
        if let value = Value(rawValue: scalar.string) ?? aliases[scalar.string] { return value }
        throw typeError("one of \(names)")
    }

    /// `text` with every `${NAME}` replaced by the environment's value.
    func expand(_ text: String) throws(PythonExecutorError) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw invalid("unclosed '${' in '\(text)'")
            }
            let name = String(rest[start.upperBound..<end])
            guard let value = environment[name] else {
                throw invalid("environment variable '\(name)' is not set")
            }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }
}
