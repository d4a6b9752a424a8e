/// A generator that always returns the same code, whatever the request or the errors.
///
/// Useful when the code is written by a person (or a test) rather than a model.
public struct StaticCodeGenerator: CodeGenerator {
    /// The code returned by every call.
    public let code: String

    /// Creates a generator that always returns `code`.
    public init(code: String) {
        self.code = code
    }

    /// Returns ``code``.
    public func generate(_ request: PythonExecutionRequest, errorChain: [ExecutionError]) async throws -> String {
        code
    }
}
