import Foundation

extension ExecutorConfiguration {
    /// Known OpenAI-compatible providers of the reference's `models.<name>.provider`:
    /// their API root and the environment variable that holds their key.
    static let referenceProviders: [String: (baseURL: String, keyVariable: String)] = [
        "openai": ("https://api.openai.com/v1", "OPENAI_API_KEY"),
        "cborg": ("https://api.cborg.lbl.gov/v1", "CBORG_API_KEY"),
        "ollama": ("http://localhost:11434/v1", "OLLAMA_API_KEY"),
    ]

    /// The reference's way to name the model: `execution.generators.<code_generator>`, either
    /// with `model_config_name` pointing into `models.<name>` or with the model's fields inline.
    /// A model is `provider`, `model_id`, and optionally `base_url`, `api_key_env`, `temperature`,
    /// `timeout_seconds` (`max_tokens` is read by the reference and ignored here).
    /// Used only when `execution.generator` is not given (that one wins, with a warning).
    mutating func applyReferenceGenerator(_ root: ConfigNode, _ children: [String: ConfigNode]) throws(PythonExecutorError) {
        let executionNode = root.child("execution", in: children)
        let execution = try executionNode.mapping(allowed: [], othersAllowed: true)
        let generators = executionNode.child("generators", in: execution)
        guard generators.isGiven else { return }
        let name = try executionNode.child("code_generator", in: execution).string() ?? "basic"
        let entries = try generators.mapping(allowed: [], othersAllowed: true)
        let entry = generators.child(name, in: entries)
        guard entry.isGiven else {
            root.report.warnings.append("'\(generators.path)' is ignored: it has no entry for execution.code_generator '\(name)'")
            return
        }
        if executionNode.child("generator", in: execution).isGiven {
            root.report.warnings.append("'\(generators.path)' is ignored: 'execution.generator' is given and wins")
            return
        }
        let fields = ["provider", "model_id", "base_url", "api_key_env", "temperature", "timeout_seconds", "max_tokens"]
        let entryChildren = try entry.mapping(allowed: ["model_config_name", "basic_config_path", "save_prompts"] + fields)
        entry.ignored(["basic_config_path", "save_prompts", "max_tokens"], in: entryChildren, because: "the reference's basic generator options have no effect here")
        var model = entry
        var modelChildren = entryChildren
        if let configName = try entry.child("model_config_name", in: entryChildren).string() {
            let models = root.child("models", in: children)
            model = models.child(configName, in: try models.mapping(allowed: [], othersAllowed: true))
            guard model.isGiven else { throw model.invalid("is named by \(entry.path).model_config_name but not given") }
            modelChildren = try model.mapping(allowed: fields + ["max_tokens"], othersAllowed: true)
            model.ignored(["max_tokens"], in: modelChildren, because: "the generator sends no token limit")
        }
        try applyReferenceModel(model, modelChildren)
    }

    private mutating func applyReferenceModel(_ model: ConfigNode, _ children: [String: ConfigNode]) throws(PythonExecutorError) {
        let provider = try model.child("provider", in: children).string()?.lowercased()
        guard let modelID = try model.child("model_id", in: children).string(), !modelID.isEmpty else {
            throw model.invalid("'model_id' is required")
        }
        let known = provider.flatMap { Self.referenceProviders[$0] }
        let urlNode = model.child("base_url", in: children)
        var generator = execution.generator
        if let url = try Generator.baseURL(urlNode) {
            generator.baseURL = url
        } else if let known, let url = URL(string: known.baseURL) {
            generator.baseURL = url
        } else {
            throw model.invalid("provider '\(provider ?? "")' has no known OpenAI-compatible address; give 'base_url'")
        }
        generator.model = modelID
        generator.apiKeyEnvironmentVariable = try model.child("api_key_env", in: children).string() ?? known?.keyVariable ?? "OPENAI_API_KEY"
        if let temperature = try model.child("temperature", in: children).number() {
            guard temperature >= 0 else { throw model.child("temperature", in: children).invalid("must not be negative, got \(temperature)") }
            generator.temperature = temperature
        }
        if let seconds = try model.child("timeout_seconds", in: children).positiveNumber() { generator.timeoutSeconds = seconds }
        execution.generator = generator
    }
}
