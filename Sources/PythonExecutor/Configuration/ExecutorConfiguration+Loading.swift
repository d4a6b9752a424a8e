import Foundation
import Yams

extension ExecutorConfiguration {
    /// Reads a configuration from YAML text; `${NAME}` in text values expands from the process environment.
    ///
    /// Empty text gives the defaults (``init()``).
    ///
    /// - Throws: ``PythonExecutorError/configuration(_:)`` for invalid YAML, an unknown key
    ///   (`unknown key 'execution.modez' (line 3); expected one of: …`), an ill-typed value
    ///   (`python_executor.execution_timeout_seconds: expected a number, got 'ten' (line 2)`),
    ///   a value out of range, or an unset environment variable.
    public static func load(yaml: String) throws(PythonExecutorError) -> ExecutorConfiguration {
        try load(yaml: yaml, environment: ProcessInfo.processInfo.environment)
    }

    /// Reads a configuration from YAML text, expanding `${NAME}` from `environment`.
    public static func load(yaml: String, environment: [String: String]) throws(PythonExecutorError) -> ExecutorConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw .configuration("invalid YAML: \(error)")
        }
        return try ExecutorConfiguration(root: ConfigNode(node: root, path: "", environment: environment))
    }

    /// Reads a configuration from a YAML file.
    ///
    /// Relative paths inside the file (`file_paths.agent_data_dir`,
    /// `control_system.limits_checking.database_path`) are kept as written.
    ///
    /// - Throws: ``PythonExecutorError/configuration(_:)`` when the file cannot be read, or as ``load(yaml:)``.
    public static func load(contentsOf url: URL) throws(PythonExecutorError) -> ExecutorConfiguration {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .configuration("cannot read \(url.path): \(error.localizedDescription)")
        }
        do {
            return try load(yaml: text)
        } catch {
            throw .configuration("\(url.lastPathComponent): \(ConfigNode.message(of: error))")
        }
    }
}

extension ConfigNode {
    /// The text of a configuration error, without the `configuration:` prefix.
    static func message(of error: PythonExecutorError) -> String {
        if case let .configuration(message) = error { return message }
        return error.description
    }
}
