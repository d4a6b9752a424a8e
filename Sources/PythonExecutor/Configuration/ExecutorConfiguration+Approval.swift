extension ExecutorConfiguration {
    /// When a human must approve code before it runs (`approval`).
    public struct Approval: Sendable, Hashable {
        /// The switch over all capabilities (`global_mode`). Default ``GlobalApprovalMode/selective``.
        public var globalMode: GlobalApprovalMode
        /// The Python-execution capability's settings (`capabilities.python_execution`).
        public var pythonExecution: PythonExecution

        /// Creates the section; every argument defaults to its documented default.
        public init(globalMode: GlobalApprovalMode = .selective, pythonExecution: PythonExecution = PythonExecution()) {
            self.globalMode = globalMode
            self.pythonExecution = pythonExecution
        }

        /// `approval.capabilities.python_execution`.
        public struct PythonExecution: Sendable, Hashable {
            /// Whether approval applies to Python execution (`enabled`). Default `true` (the reference's secure default).
            public var enabled: Bool
            /// When approval is needed (`mode`). Default ``ApprovalMode/allCode`` (the reference's
            /// secure default when the key is missing; `control_writes` is the usual choice).
            public var mode: ApprovalMode

            /// Creates the section; every argument defaults to its documented default.
            public init(enabled: Bool = true, mode: ApprovalMode = .allCode) {
                self.enabled = enabled
                self.mode = mode
            }
        }

        init(_ node: ConfigNode) throws(PythonExecutorError) {
            let children = try node.mapping(allowed: ["global_mode", "capabilities"])
            let capabilitiesNode = node.child("capabilities", in: children)
            let capabilities = try capabilitiesNode.mapping(allowed: ["python_execution", "memory"])
            capabilitiesNode.ignored(["memory"], in: capabilities, because: "approval of the reference agent's memory capability; the executor reads only python_execution")
            let python = capabilitiesNode.child("python_execution", in: capabilities)
            let pythonChildren = try python.mapping(allowed: ["enabled", "mode"])
            self.init(
                globalMode: try node.child("global_mode", in: children).choice(GlobalApprovalMode.self) ?? .selective,
                pythonExecution: PythonExecution(
                    enabled: try python.child("enabled", in: pythonChildren).bool() ?? true,
                    mode: try python.child("mode", in: pythonChildren).choice(ApprovalMode.self, aliases: ["epics_writes": .controlWrites]) ?? .allCode))
        }
    }
}
