import ArgumentParser
import Foundation
import PyEmbed
import PythonExecutor

/// Reads the code to run from `-c`, a file or standard input: never more than
/// `python_executor.max_source_bytes`, decoded as Python decodes source files
/// (``PythonSourceDecoder``).
enum SourceInput {
    static func read(file: String?, code: String?, configuration: ExecutorConfiguration) throws -> String {
        let limit = configuration.pythonExecutor.maxSourceBytes
        if let code {
            guard code.utf8.count <= limit else { throw PythonExecutorError.source(.tooLarge(bytes: code.utf8.count, limit: limit)) }
            return code
        }
        let handle: FileHandle
        if file == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let file, let opened = FileHandle(forReadingAtPath: file) else { throw ValidationError("cannot read \(file ?? "the file")") }
            handle = opened
        }
        // One byte past the limit tells that the source is too large, without reading all of it.
        let data = try handle.read(upToCount: limit + 1) ?? Data()
        guard data.count <= limit else { throw PythonExecutorError.source(.tooLarge(bytes: data.count, limit: limit)) }
        let environment = configuration.pythonEnvironment
        return try PythonSourceDecoder.decode(Array(data)) { () throws(PyEmbedError) in try PythonRuntime.start(environment) }
    }
}
