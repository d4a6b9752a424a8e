import Foundation

/// A generator that asks a model behind an OpenAI-compatible chat API
/// (OpenAI, vLLM, Ollama, LM Studio, llama.cpp server, LiteLLM…) — the reference's basic LLM generator.
///
/// Each call sends ``prompt(for:errorChain:)`` as `POST <baseURL>/chat/completions`
/// and returns the answer with its markdown fences removed (``extractCode(from:)``).
/// Every failure — transport, timeout, non-2xx status, malformed or empty answer —
/// is a ``PythonExecutorError/codeGeneration(message:attempt:chain:folder:)``, so the
/// workflow records it in the chain and tries again.
public struct OpenAICompatibleGenerator: CodeGenerator {
    /// The API root, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`.
    public let baseURL: URL
    /// The model name sent in every request.
    public let model: String
    /// The environment variable holding the API key; when it is set and not empty,
    /// requests carry `Authorization: Bearer <key>`. Default `OPENAI_API_KEY`.
    public let apiKeyEnvironmentVariable: String
    /// How long one request may take, connection included. Default 120 s.
    public let timeout: Duration
    /// The sampling temperature; `nil` (the default) leaves it to the server.
    public let temperature: Double?
    /// The tier the code will run in, which the prompt names (where relative paths go).
    public let isolation: ExecutorConfiguration.Isolation

    /// Creates a generator for `model` at `baseURL`.
    public init(
        baseURL: URL, model: String, apiKeyEnvironmentVariable: String = "OPENAI_API_KEY",
        timeout: Duration = .seconds(120), temperature: Double? = nil, isolation: ExecutorConfiguration.Isolation = .process
    ) {
        self.isolation = isolation
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnvironmentVariable = apiKeyEnvironmentVariable
        self.timeout = timeout
        self.temperature = temperature
    }

    /// The endpoint requests go to: `<baseURL>/chat/completions`.
    public var endpoint: URL { baseURL.appendingPathComponent("chat/completions") }

    /// Asks the model for code and returns it without markdown fences.
    ///
    /// - Throws: ``PythonExecutorError/codeGeneration(message:attempt:chain:folder:)`` with the
    ///   status code and an excerpt of the body, or the transport error, when no code came back.
    public func generate(_ request: PythonExecutionRequest, errorChain: [ExecutionError]) async throws(PythonExecutorError) -> String {
        let answer = try await complete(Self.prompt(for: request, errorChain: errorChain, isolation: isolation), chain: errorChain)
        do {
            return try Self.extractCode(from: answer)
        } catch {
            throw .generation(Self.message(of: error), chain: errorChain)
        }
    }

    static func message(of error: PythonExecutorError) -> String {
        if case let .codeGeneration(message, _, _, _) = error { return message }
        return error.description
    }
}
