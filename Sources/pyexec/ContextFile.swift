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

/// Reads the code of a paused run.
enum PendingApprovalFile {
    static func code(in folder: String) throws -> String {
        try PythonExecutorService.pendingApproval(folder: folder).approval.code
    }
}
