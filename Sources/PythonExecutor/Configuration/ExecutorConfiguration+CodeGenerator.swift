extension ExecutorConfiguration {
    /// The generator that `execution.code_generator` and `execution.generator` describe.
    ///
    /// - Throws: ``PythonExecutorError/configuration(_:)`` when `openai` has no `model`
    ///   or `static` has no `code`.
    public func makeCodeGenerator() throws(PythonExecutorError) -> any CodeGenerator {
        let settings = execution.generator
        switch execution.codeGenerator {
        case .openai:
            guard let model = settings.model, !model.isEmpty else {
                throw .configuration("execution.generator.model: required when execution.code_generator is 'openai'")
            }
            return OpenAICompatibleGenerator(
                baseURL: settings.baseURL, model: model, apiKeyEnvironmentVariable: settings.apiKeyEnvironmentVariable,
                timeout: .milliseconds(Int64(settings.timeoutSeconds * 1000)), temperature: settings.temperature,
                isolation: execution.isolation)
        case .static:
            guard let code = settings.code else {
                throw .configuration("execution.generator.code: required when execution.code_generator is 'static'")
            }
            return StaticCodeGenerator(code: code)
        case .mock:
            return ScriptedCodeGenerator(settings.behaviors)
        }
    }
}
