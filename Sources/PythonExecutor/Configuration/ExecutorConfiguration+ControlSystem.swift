extension ExecutorConfiguration {
    /// The control system and its safety settings (`control_system`).
    public struct ControlSystem: Sendable, Hashable {
        /// The control system's kind (`type`): `epics`, `tango`, `mock`… Default `epics`.
        public var type: String
        /// Whether code may write to channels at all (`writes_enabled`). Default `false`:
        /// code that writes fails analysis and is regenerated.
        public var writesEnabled: Bool
        /// The channel-limits database (`limits_checking`).
        public var limitsChecking: LimitsChecking
        /// The patterns that detect channel operations (`patterns`).
        public var patterns: Patterns

        /// Creates the section; every argument defaults to its documented default.
        public init(type: String = "epics", writesEnabled: Bool = false, limitsChecking: LimitsChecking = LimitsChecking(), patterns: Patterns = Patterns()) {
            self.type = type
            self.writesEnabled = writesEnabled
            self.limitsChecking = limitsChecking
            self.patterns = patterns
        }

        init(_ node: ConfigNode) throws(PythonExecutorError) {
            let children = try node.mapping(allowed: ["type", "writes_enabled", "limits_checking", "patterns"])
            self.init(
                type: try node.child("type", in: children).string() ?? "epics",
                writesEnabled: try node.child("writes_enabled", in: children).bool() ?? false,
                limitsChecking: try LimitsChecking(node.child("limits_checking", in: children)),
                patterns: try Patterns(node.child("patterns", in: children)))
        }

        /// The channel-limits database settings (`control_system.limits_checking`).
        public struct LimitsChecking: Sendable, Hashable {
            /// Whether writes are checked against the database (`enabled`). Default `false`;
            /// `true` is refused by ``PythonExecutorService`` until checking is built.
            public var enabled: Bool
            /// The JSON database (`database_path`). Default `nil`. Checking is not built
            /// yet: the service refuses a configuration that enables it.
            public var databasePath: String?
            /// Whether channels missing from the database may be written (`allow_unlisted_channels`). Default `false`.
            public var allowUnlistedChannels: Bool

            /// Creates the section; every argument defaults to its documented default.
            public init(enabled: Bool = false, databasePath: String? = nil, allowUnlistedChannels: Bool = false) {
                self.enabled = enabled
                self.databasePath = databasePath
                self.allowUnlistedChannels = allowUnlistedChannels
            }

            init(_ node: ConfigNode) throws(PythonExecutorError) {
                let children = try node.mapping(allowed: ["enabled", "database_path", "allow_unlisted_channels"])
                self.init(
                    enabled: try node.child("enabled", in: children).bool() ?? false,
                    databasePath: try node.child("database_path", in: children).string(),
                    allowUnlistedChannels: try node.child("allow_unlisted_channels", in: children).bool() ?? false)
            }
        }

        /// Patterns that detect channel operations (`control_system.patterns`).
        public struct Patterns: Sendable, Hashable {
            /// Patterns of channel writes (`write`). Default `nil`: the analyser's built-in list.
            public var write: [String]?
            /// Patterns of channel reads (`read`). Default `nil`: the analyser's built-in list.
            public var read: [String]?

            /// Creates the section; every argument defaults to its documented default.
            public init(write: [String]? = nil, read: [String]? = nil) {
                self.write = write
                self.read = read
            }

            init(_ node: ConfigNode) throws(PythonExecutorError) {
                let children = try node.mapping(allowed: ["write", "read"])
                self.init(write: try node.child("write", in: children).strings(), read: try node.child("read", in: children).strings())
            }
        }
    }
}
