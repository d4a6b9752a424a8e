extension ExecutorConfiguration {
    /// How each execution mode runs (`execution.modes`).
    public struct Modes: Sendable, Hashable {
        /// Read-only code (`read_only`). Default: kernel `python3-epics-readonly`,
        /// `allows_writes: false`, `requires_approval: false`, no environment.
        public var readOnly: ExecutionModeConfig
        /// Code that writes to the control system (`write_access`). Default: kernel
        /// `python3-epics-write`, `allows_writes: true`, `requires_approval: true`, no environment.
        public var writeAccess: ExecutionModeConfig

        /// The default `read_only` mode.
        public static let defaultReadOnly = ExecutionModeConfig(kernelName: "python3-epics-readonly", allowsWrites: false, requiresApproval: false)
        /// The default `write_access` mode.
        public static let defaultWriteAccess = ExecutionModeConfig(kernelName: "python3-epics-write", allowsWrites: true, requiresApproval: true)

        /// Creates the section; every argument defaults to its documented default.
        public init(readOnly: ExecutionModeConfig = Modes.defaultReadOnly, writeAccess: ExecutionModeConfig = Modes.defaultWriteAccess) {
            self.readOnly = readOnly
            self.writeAccess = writeAccess
        }

        /// The settings of `mode`.
        public subscript(mode: ExecutionMode) -> ExecutionModeConfig {
            get {
                switch mode {
                case .readOnly: return readOnly
                case .writeAccess: return writeAccess
                }
            }
            set {
                switch mode {
                case .readOnly: readOnly = newValue
                case .writeAccess: writeAccess = newValue
                }
            }
        }

        init(_ node: ConfigNode) throws(PythonExecutorError) {
            let children = try node.mapping(allowed: ExecutionMode.allCases.map(\.rawValue))
            self.init(
                readOnly: try Self.mode(node.child(ExecutionMode.readOnly.rawValue, in: children), defaults: Self.defaultReadOnly),
                writeAccess: try Self.mode(node.child(ExecutionMode.writeAccess.rawValue, in: children), defaults: Self.defaultWriteAccess))
        }

        /// One mode; keys it does not give keep `defaults`.
        static func mode(_ node: ConfigNode, defaults: ExecutionModeConfig) throws(PythonExecutorError) -> ExecutionModeConfig {
            let children = try node.mapping(allowed: ["kernel_name", "allows_writes", "requires_approval", "environment", "gateway", "description"])
            node.ignored(["gateway", "description"], in: children, because: "informational in the reference (copied into the analysis and approval data), never used to run code")
            return ExecutionModeConfig(
                kernelName: try node.child("kernel_name", in: children).string() ?? defaults.kernelName,
                allowsWrites: try node.child("allows_writes", in: children).bool() ?? defaults.allowsWrites,
                requiresApproval: try node.child("requires_approval", in: children).bool() ?? defaults.requiresApproval,
                environment: try node.child("environment", in: children).stringMap() ?? defaults.environment)
        }
    }
}
