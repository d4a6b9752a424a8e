extension ExecutorConfiguration {
    /// Where files go (`file_paths`).
    public struct FilePaths: Sendable, Hashable {
        /// The agent's data folder (`agent_data_dir`); executions go to
        /// `<agent_data_dir>/executed_scripts/`. Default `_agent_data`, relative to the current directory.
        public var agentDataDir: String

        /// Creates the section; every argument defaults to its documented default.
        public init(agentDataDir: String = "_agent_data") {
            self.agentDataDir = agentDataDir
        }

        init(_ node: ConfigNode) throws(PythonExecutorError) {
            let children = try node.mapping(allowed: ["agent_data_dir", "executed_python_scripts_dir"])
            node.ignored(["executed_python_scripts_dir"], in: children, because: "executions go to <agent_data_dir>/executed_scripts/; the reference's file manager does not read it either (only its container path mapping does)")
            self.init(agentDataDir: try node.child("agent_data_dir", in: children).string() ?? "_agent_data")
        }
    }
}
