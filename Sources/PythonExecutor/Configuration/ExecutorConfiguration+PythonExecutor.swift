extension ExecutorConfiguration {
    /// The executor's own limits (`python_executor`).
    public struct PythonExecutor: Sendable, Hashable {
        /// How long code may run, in seconds (`execution_timeout_seconds`). Default 600 (10 minutes).
        public var executionTimeoutSeconds: Double

        /// Creates the section; every argument defaults to its documented default.
        public init(executionTimeoutSeconds: Double = 600) {
            self.executionTimeoutSeconds = executionTimeoutSeconds
        }

        init(_ node: ConfigNode) throws(PythonExecutorError) {
            let children = try node.mapping(allowed: ["execution_timeout_seconds"])
            self.init(executionTimeoutSeconds: try node.child("execution_timeout_seconds", in: children).positiveNumber() ?? 600)
        }
    }
}
