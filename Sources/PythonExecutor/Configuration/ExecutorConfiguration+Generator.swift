import Foundation

extension ExecutorConfiguration {
    /// The generator's settings (`execution.generator`; our addition to the reference's keys).
    public struct Generator: Sendable, Hashable {
        /// The OpenAI-compatible API root (`base_url`). Default `https://api.openai.com/v1`.
        public var baseURL: URL
        /// The model name (`model`). Default `nil`; required by the `openai` generator.
        public var model: String?
        /// The environment variable with the API key (`api_key_env`). Default `OPENAI_API_KEY`.
        public var apiKeyEnvironmentVariable: String
        /// The sampling temperature (`temperature`). Default `nil`: the server's default.
        public var temperature: Double?
        /// How long one request may take, in seconds (`timeout_seconds`). Default 120.
        public var timeoutSeconds: Double
        /// The code the `static` generator returns (`code`). Default `nil`.
        public var code: String?
        /// The `mock` generator's script (`behaviors`: `success`, `syntax_error`, `runtime_error`,
        /// `missing_results`, `channel_write`, `channel_read`, `security_risk`, `error_aware`).
        /// Default `[success]`.
        public var behaviors: [ScriptedCodeGenerator.Behavior]

        /// The default API root.
        public static let defaultBaseURL: URL = URL(string: "https://api.openai.com/v1") ?? URL(fileURLWithPath: "/")

        /// Creates the section; every argument defaults to its documented default.
        public init(
            baseURL: URL? = nil, model: String? = nil, apiKeyEnvironmentVariable: String = "OPENAI_API_KEY",
            temperature: Double? = nil, timeoutSeconds: Double = 120, code: String? = nil,
            behaviors: [ScriptedCodeGenerator.Behavior] = [.success]
        ) {
            self.baseURL = baseURL ?? Self.defaultBaseURL
            self.model = model
            self.apiKeyEnvironmentVariable = apiKeyEnvironmentVariable
            self.temperature = temperature
            self.timeoutSeconds = timeoutSeconds
            self.code = code
            self.behaviors = behaviors
        }

        /// The behaviour names accepted in `behaviors`, with the reference's old `epics_*` spellings.
        static let behaviorNames: [String: ScriptedCodeGenerator.Behavior] = [
            "success": .success, "syntax_error": .syntaxError, "runtime_error": .runtimeError,
            "missing_results": .missingResults, "channel_write": .channelWrite, "channel_read": .channelRead,
            "epics_write": .channelWrite, "epics_read": .channelRead, "security_risk": .securityRisk,
            "error_aware": .errorAware,
        ]

        /// An API root: an http or https URL with a host.
        static func baseURL(_ node: ConfigNode) throws(PythonExecutorError) -> URL? {
            guard let text = try node.string() else { return nil }
            guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()), url.host != nil else {
                throw node.typeError("an http or https URL")
            }
            return url
        }

        init(_ node: ConfigNode) throws(PythonExecutorError) {
            let children = try node.mapping(allowed: [
                "base_url", "model", "api_key_env", "temperature", "timeout_seconds", "code", "behaviors",
            ])
            let baseURL = try Self.baseURL(node.child("base_url", in: children))
            let temperatureNode = node.child("temperature", in: children)
            let temperature = try temperatureNode.number()
            if let temperature, temperature < 0 { throw temperatureNode.invalid("must not be negative, got \(temperature)") }
            var behaviors: [ScriptedCodeGenerator.Behavior] = [.success]
            let behaviorsNode = node.child("behaviors", in: children)
            if let names = try behaviorsNode.strings() {
                behaviors = []
                for name in names {
                    guard let behavior = Self.behaviorNames[name] else {
                        throw behaviorsNode.invalid("unknown behaviour '\(name)'; expected one of: "
                            + Self.behaviorNames.keys.sorted().joined(separator: ", "))
                    }
                    behaviors.append(behavior)
                }
                if behaviors.isEmpty { behaviors = [.success] }
            }
            self.init(
                baseURL: baseURL, model: try node.child("model", in: children).string(),
                apiKeyEnvironmentVariable: try node.child("api_key_env", in: children).string() ?? "OPENAI_API_KEY",
                temperature: temperature,
                timeoutSeconds: try node.child("timeout_seconds", in: children).positiveNumber() ?? 120,
                code: try node.child("code", in: children).string(), behaviors: behaviors)
        }
    }
}
