import ArgumentParser
import Foundation
import PyEmbed
import PythonExecutor

/// Reads `--context FILE.json`.
enum ContextFile {
    static func read(_ path: String) throws -> PythonValue {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read the context file \(path)") }
        return try PythonExecutorService.contextData(fromJSON: data, runtime: PythonRuntime.start())
    }
}

