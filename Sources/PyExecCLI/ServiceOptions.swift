import ArgumentParser
import Foundation
import PythonExecutor

/// Options shared by `run`, `ask`, `resume` and `mcp`.
struct ServiceOptions: ParsableArguments {
    @Option(help: "A YAML configuration file (the reference's keys); default: the file CONFIG_FILE names, if set.")
    var config: String?

    @Option(help: "Where executed_scripts/ goes (file_paths.agent_data_dir).")
    var dataDir: String?

    @Option(help: "Seconds the code may run (python_executor.execution_timeout_seconds).")
    var timeout: Double?

    @Option(help: "Where the code runs: process (a forked worker per run, the default) or in-process (trusted code only) (execution.isolation).")
    var isolation: String?

    @Flag(help: "Print one JSON object on stdout instead of text.")
    var json = false

    /// The configuration file's settings with the command-line overrides applied.
    func configuration() throws -> ExecutorConfiguration {
        let environment = ProcessInfo.processInfo.environment
        if config == nil, let named = ExecutorConfiguration.configurationFile(nil, environment: environment) {
            AnswerStreams.error("pyexec: configuration: reading \(named) (CONFIG_FILE)\n")
        }
        var configuration = try ExecutorConfiguration.load(file: config, environment: environment)
        for warning in configuration.warnings { AnswerStreams.error("pyexec: configuration: \(warning)\n") }
        if let dataDir { configuration.filePaths.agentDataDir = dataDir }
        if let isolation {
            guard let tier = ExecutorConfiguration.Isolation(rawValue: isolation.replacingOccurrences(of: "-", with: "_")) else {
                throw ValidationError("--isolation must be 'process' or 'in-process', not '\(isolation)'")
            }
            configuration.execution.isolation = tier
        }
        if let timeout {
            guard timeout > 0, timeout <= 1_000_000 else { throw ValidationError("--timeout must be a number of seconds between 0 and 1000000") }
            configuration.pythonExecutor.executionTimeoutSeconds = timeout
        }
        return configuration
    }
}
