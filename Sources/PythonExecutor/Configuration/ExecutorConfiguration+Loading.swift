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
    ///
    /// Sections of a reference project's `config.yml` that the executor does not read are
    /// accepted. An unknown key inside the executor's own sections is a warning naming its
    /// dotted path (``warnings``), or an error when `strict` is true or the file sets
    /// `python_executor.strict_config: true`.
    public static func load(yaml: String, environment: [String: String], strict: Bool = false) throws(PythonExecutorError) -> ExecutorConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw .configuration("invalid YAML: \(error)")
        }
        let report = ConfigReport(strict: strict || Self.asksForStrictness(root))
        var configuration = try ExecutorConfiguration(root: ConfigNode(node: root, path: "", environment: environment, report: report))
        configuration.warnings = report.warnings
        return configuration
    }

    /// Whether `python_executor.strict_config` is `true` in the document.
    private static func asksForStrictness(_ root: Node?) -> Bool {
        guard case let .mapping(top)? = root, let section = top["python_executor"], case let .mapping(executor) = section,
              let value = executor["strict_config"], case let .scalar(scalar) = value else { return false }
        return ["true", "True", "TRUE", "yes"].contains(scalar.string)
    }

    /// Reads a configuration from a YAML file.
    ///
    /// Relative paths inside the file (`file_paths.agent_data_dir`,
    /// `control_system.limits_checking.database_path`) are kept as written.
    ///
    /// - Throws: ``PythonExecutorError/configuration(_:)`` when the file cannot be read, or as ``load(yaml:)``.
    public static func load(contentsOf url: URL, strict: Bool = false) throws(PythonExecutorError) -> ExecutorConfiguration {
        try load(contentsOf: url, environment: ProcessInfo.processInfo.environment, strict: strict)
    }

    /// Reads a configuration from a YAML file, expanding `${NAME}` from `environment`.
    static func load(contentsOf url: URL, environment: [String: String], strict: Bool) throws(PythonExecutorError) -> ExecutorConfiguration {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .configuration("cannot read \(url.path): \(error.localizedDescription)")
        }
        do {
            return try load(yaml: text, environment: environment, strict: strict)
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
