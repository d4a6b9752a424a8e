import Foundation

extension ExecutorConfiguration {
    /// The reference's environment variables (OSPREY-RUNTIME.md §7), all honoured:
    /// `CONFIG_FILE` names the configuration file when none is given
    /// (``load(file:environment:strict:)``), `PROJECT_ROOT` puts `<PROJECT_ROOT>/src`
    /// first on the code's import path (``projectSourcePath``), and `CONTAINER_PYTHON_ENV`
    /// overrides `execution.python_env_path` when that path exists.
    public static let environmentVariables = ["CONFIG_FILE", "PROJECT_ROOT", "CONTAINER_PYTHON_ENV"]

    /// Applies `PROJECT_ROOT` and `CONTAINER_PYTHON_ENV`; what takes effect against the
    /// file, or is ignored, is noted in `report`.
    mutating func applyEnvironment(_ environment: [String: String], report: ConfigReport) {
        if let root = environment["PROJECT_ROOT"], !root.isEmpty {
            let folder = (root as NSString).expandingTildeInPath
            projectSourcePath = URL(fileURLWithPath: folder).appendingPathComponent("src").standardizedFileURL.path
        }
        guard let interpreter = environment["CONTAINER_PYTHON_ENV"], !interpreter.isEmpty else { return }
        // The reference takes the variable only when its path exists, and then before the file's key.
        guard FileManager.default.fileExists(atPath: (interpreter as NSString).expandingTildeInPath) else {
            report.warnings.append("environment variable CONTAINER_PYTHON_ENV is ignored: \(interpreter) does not exist (the reference skips it too)")
            return
        }
        if let configured = execution.pythonEnvPath, !configured.isEmpty, configured != interpreter {
            report.warnings.append("environment variable CONTAINER_PYTHON_ENV (\(interpreter)) overrides 'execution.python_env_path' (\(configured)), as in the reference")
        }
        execution.pythonEnvPath = interpreter
    }

    /// The configuration of a service started from the command line: the file at `path`,
    /// else the file the environment variable `CONFIG_FILE` names (the reference's way of
    /// finding it), else the defaults. The reference's environment variables apply in every
    /// case (``environmentVariables``).
    ///
    /// - Throws: ``PythonExecutorError/configuration(_:)`` as ``load(contentsOf:strict:)``.
    public static func load(
        file path: String?, environment: [String: String] = ProcessInfo.processInfo.environment, strict: Bool = false
    ) throws(PythonExecutorError) -> ExecutorConfiguration {
        guard let path = configurationFile(path, environment: environment) else {
            return try load(yaml: "", environment: environment, strict: strict)
        }
        return try load(contentsOf: URL(fileURLWithPath: path), environment: environment, strict: strict)
    }

    /// `path`, else a non-empty `CONFIG_FILE`, else `nil`.
    public static func configurationFile(_ path: String?, environment: [String: String]) -> String? {
        if let path { return path }
        guard let named = environment["CONFIG_FILE"], !named.isEmpty else { return nil }
        return named
    }
}
