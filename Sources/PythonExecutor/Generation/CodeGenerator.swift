/// Writes the Python code for a request (the reference's `CodeGenerator` protocol).
///
/// The workflow calls ``generate(_:errorChain:)`` once per attempt; every retry
/// passes the whole chain of earlier failures so the generator can learn from them.
public protocol CodeGenerator: Sendable {
    /// Returns the code for `request`, given every earlier failure of this run (oldest first).
    ///
    /// - Throws: ``PythonExecutorError/codeGeneration(message:attempt:chain:folder:)`` when no usable code came out.
    func generate(_ request: PythonExecutionRequest, errorChain: [ExecutionError]) async throws -> String
}

extension PythonExecutorError {
    /// A generation failure for the attempt that follows `chain`.
    static func generation(_ message: String, chain: [ExecutionError]) -> PythonExecutorError {
        .codeGeneration(message: message, attempt: chain.count + 1, chain: chain)
    }
}
