import ArgumentParser
import Foundation
import PyEmbed
import PythonExecutor

/// Reads `--context FILE.json`.
enum ContextFile {
    static func read(_ path: String, configuration: ExecutorConfiguration) throws -> PythonValue {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read the context file \(path)") }
        return try PythonExecutorService.contextData(fromJSON: data, runtime: PythonRuntime.start(configuration.pythonEnvironment))
    }
}

extension ExecutorConfiguration {
    /// The Python the service starts (`execution.python_env_path`, else PyEmbed's choice), for
    /// what pyexec reads with Python before the service exists: the one process-wide runtime must match.
    var pythonEnvironment: EnvironmentRequest {
        ((try? execution.pythonEnvironment()) ?? nil) ?? .automatic
    }
}

