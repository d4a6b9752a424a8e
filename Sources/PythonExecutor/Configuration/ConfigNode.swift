import Foundation
import Yams

/// One value of the YAML configuration with its dotted path, for decoding with precise errors.
///
/// A missing key and an explicit `null` both read as "not given", so the default applies.
struct ConfigNode {
    /// The YAML node, or `nil` when the key is absent.
    let node: Node?
    /// The dotted path of the value, e.g. `execution.modes.read_only`.
    let path: String
    /// Variables that `${NAME}` in text values expand to.
    let environment: [String: String]
    /// Where warnings go, and whether unknown keys are errors instead.
    var report = ConfigReport(strict: true)

    /// Whether a value was given (absent keys and `null` are not).
    var isGiven: Bool {
        guard let node else { return false }
        if case .scalar = node, Self.isTagged(node, .null) { return false }
        return true
    }

    /// The child at `key` (absent when this node is absent).
    func child(_ key: String, in children: [String: ConfigNode]) -> ConfigNode {
        children[key] ?? ConfigNode(node: nil, path: Self.join(path, key), environment: environment, report: report)
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    /// The entries of a mapping, each checked against `allowed` keys.
    ///
    /// - Throws: ``PythonExecutorError/configuration(_:)`` for a value that is not a mapping,
    ///   a key that is not text, a duplicate key, or a key not in `allowed` (unless `othersAllowed`).
    func mapping(allowed: [String], othersAllowed: Bool = false) throws(PythonExecutorError) -> [String: ConfigNode] {
        guard isGiven, let node else { return [:] }
        guard case let .mapping(mapping) = node else { throw typeError("a mapping") }
        var children: [String: ConfigNode] = [:]
        for (keyNode, value) in mapping {
            guard case let .scalar(key) = keyNode else {
                throw .configuration("\(location): keys must be text, got \(Self.describe(keyNode))\(Self.line(keyNode))")
            }
            let childPath = Self.join(path, key.string)
            guard othersAllowed || allowed.contains(key.string) else {
                let message = "unknown key '\(childPath)'\(Self.line(keyNode)); expected one of: " + allowed.joined(separator: ", ")
                if report.strict { throw .configuration(message) }
                report.warnings.append(message + " (ignored)")
                continue
            }
            guard children[key.string] == nil else {
                throw .configuration("duplicate key '\(childPath)'\(Self.line(keyNode))")
            }
            children[key.string] = ConfigNode(node: value, path: childPath, environment: environment, report: report)
        }
        return children
    }

    /// Notes each of `keys` that is given as read by the reference but without effect here.
    func ignored(_ keys: [String], in children: [String: ConfigNode], because reason: String) {
        for key in keys where children[key]?.isGiven == true {
            report.warnings.append("'\(Self.join(path, key))' is ignored: \(reason)")
        }
    }

    /// Notes each key of `children` not in `known` as read by the reference but without
    /// effect here (a section whose entries are named by the project, such as `services`).
    func ignoredOthers(in children: [String: ConfigNode], known: [String], because reason: String) {
        ignored(children.keys.filter { !known.contains($0) }.sorted(), in: children, because: reason)
    }

    /// The path as shown in messages (`the top level` for the root).
    var location: String { path.isEmpty ? "the top level" : path }

    /// `<path>: expected <expected>, got <value> (line N)`.
    func typeError(_ expected: String) -> PythonExecutorError {
        let got = node.map(Self.describe) ?? "nothing"
        return .configuration("\(location): expected \(expected), got \(got)\(node.map(Self.line) ?? "")")
    }

    /// `<path>: <message> (line N)`.
    func invalid(_ message: String) -> PythonExecutorError {
        .configuration("\(location): \(message)\(node.map(Self.line) ?? "")")
    }

    /// A value for messages: `'text'` for scalars, `a mapping`, `a list`.
    static func describe(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar): return "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// Whether `node` resolved to the YAML type `name` (`Tag.name` itself is not public).
    static func isTagged(_ node: Node, _ name: Tag.Name) -> Bool {
        node.tag.description == name.rawValue
    }

    /// ` (line N)` when the node knows where it came from.
    static func line(_ node: Node) -> String {
        node.mark.map { " (line \($0.line))" } ?? ""
    }
}

/// What loading a configuration found besides its values: warnings, and whether
/// unknown keys are errors (`strict`).
final class ConfigReport: @unchecked Sendable {
    let strict: Bool
    var warnings: [String] = []

    init(strict: Bool) {
        self.strict = strict
    }
}
