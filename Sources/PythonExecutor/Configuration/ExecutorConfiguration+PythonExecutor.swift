extension ExecutorConfiguration {
    /// The executor's own limits (`python_executor`).
    public struct PythonExecutor: Sendable, Hashable {
        /// How long code may run, in seconds (`execution_timeout_seconds`). Default 600 (10 minutes).
        public var executionTimeoutSeconds: Double
        /// The largest source accepted, in UTF-8 bytes (`max_source_bytes`). Default 1 MiB (1048576).
        /// Larger code is refused before any analysis.
        public var maxSourceBytes: Int
        /// Whether a successful run whose `results.json` or `execution_metadata.json`
        /// could not be written still counts as a success, with a warning
        /// (`allow_unsaved_results`). Default `false`: it is a failure.
        public var allowUnsavedResults: Bool

        /// The default of `max_source_bytes`: 1 MiB.
        public static let defaultMaxSourceBytes = 1 << 20

        /// Creates the section; every argument defaults to its documented default.
        public init(executionTimeoutSeconds: Double = 600, maxSourceBytes: Int = defaultMaxSourceBytes, allowUnsavedResults: Bool = false) {
            self.executionTimeoutSeconds = executionTimeoutSeconds
            self.maxSourceBytes = maxSourceBytes
            self.allowUnsavedResults = allowUnsavedResults
        }

        init(_ node: ConfigNode) throws(PythonExecutorError) {
            let children = try node.mapping(allowed: [
                "execution_timeout_seconds", "max_source_bytes", "allow_unsaved_results", "strict_config", "max_generation_retries", "max_execution_retries",
            ])
            _ = try node.child("strict_config", in: children).bool()
            node.ignored(["max_generation_retries", "max_execution_retries"], in: children, because: "the reference never reads it either; the limit is the request's retries")
            self.init(
                executionTimeoutSeconds: try node.child("execution_timeout_seconds", in: children).positiveNumber() ?? 600,
                maxSourceBytes: try Self.sourceLimit(node.child("max_source_bytes", in: children)),
                allowUnsavedResults: try node.child("allow_unsaved_results", in: children).bool() ?? false)
        }

        /// `max_source_bytes`: a whole number of at least 1, or the default when not given.
        private static func sourceLimit(_ node: ConfigNode) throws(PythonExecutorError) -> Int {
            guard let value = try node.integer() else { return defaultMaxSourceBytes }
            guard value >= 1 else { throw node.invalid("must be at least 1 byte, got \(value)") }
            return value
        }
    }
}
