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
        /// How writes made through the run-time API are verified (`write_verification`).
        public var writeVerification: WriteVerification
        /// The connectors' settings (`connector`).
        public var connector: Connector

        /// Creates the section; every argument defaults to its documented default.
        public init(
            type: String = "epics", writesEnabled: Bool = false, limitsChecking: LimitsChecking = LimitsChecking(), patterns: Patterns = Patterns(),
            writeVerification: WriteVerification = WriteVerification(), connector: Connector = Connector()
        ) {
            self.type = type
            self.writesEnabled = writesEnabled
            self.limitsChecking = limitsChecking
            self.patterns = patterns
            self.writeVerification = writeVerification
            self.connector = connector
        }

        init(_ node: ConfigNode) throws(PythonExecutorError) {
            let children = try node.mapping(allowed: ["type", "writes_enabled", "limits_checking", "patterns", "write_verification", "connector"])
            self.init(
                type: try node.child("type", in: children).string() ?? "epics",
                writesEnabled: try node.child("writes_enabled", in: children).bool() ?? false,
                limitsChecking: try LimitsChecking(node.child("limits_checking", in: children)),
                patterns: try Patterns(node.child("patterns", in: children)),
                writeVerification: try WriteVerification(node.child("write_verification", in: children)),
                connector: try Connector(node.child("connector", in: children)))
        }

        /// What to do with a write the limits refuse (`limits_checking.on_violation`).
        public enum OnViolation: String, Sendable, Hashable {
            /// Raise `ChannelLimitsViolationError`; the run ends without retry (the default).
            case error
            /// Do not write, print a note on stderr, and go on (each write of a batch on its own).
            case skip
        }

        /// How the run-time API verifies a write (`control_system.write_verification`).
        public struct WriteVerification: Sendable, Hashable {
            /// `none`, `callback` (wait for the write to complete) or `readback` (read the
            /// value back and compare). Default `callback`.
            public var defaultLevel: String
            /// The readback tolerance, in percent of the value, when the channel sets none. Default 0.1.
            public var defaultTolerancePercent: Double

            /// Creates the section; every argument defaults to its documented default.
            public init(defaultLevel: String = "callback", defaultTolerancePercent: Double = 0.1) {
                self.defaultLevel = defaultLevel
                self.defaultTolerancePercent = defaultTolerancePercent
            }

            init(_ node: ConfigNode) throws(PythonExecutorError) {
                let children = try node.mapping(allowed: ["default_level", "default_tolerance_percent", "enabled", "timeout", "fail_on_mismatch"])
                node.ignored(["enabled", "timeout", "fail_on_mismatch"], in: children, because: "nothing reads it in the reference; here a failed readback is always an error, and the connector's timeout applies")
                let level = try node.child("default_level", in: children).string() ?? "callback"
                guard ["none", "callback", "readback"].contains(level) else {
                    throw .configuration("\(ConfigNode.join(node.path, "default_level")): expected none, callback or readback, got '\(level)'")
                }
                let percent = try node.child("default_tolerance_percent", in: children).number() ?? 0.1
                guard percent >= 0, percent.isFinite else {
                    throw .configuration("\(ConfigNode.join(node.path, "default_tolerance_percent")): expected a non-negative number, got \(percent)")
                }
                self.init(defaultLevel: level, defaultTolerancePercent: percent)
            }
        }

        /// Connector settings (`control_system.connector`).
        public struct Connector: Sendable, Hashable {
            /// Seconds an EPICS read or write waits (`epics.timeout`). Default 5.
            public var epicsTimeout: Double
            /// The Channel Access server the EPICS connector talks to (`epics.gateways.read_only.address`);
            /// sets `EPICS_CA_ADDR_LIST` (and `EPICS_CA_AUTO_ADDR_LIST=NO`) for the code's runs. Default `nil`: the environment's.
            public var epicsAddress: String?
            /// Its port (`epics.gateways.read_only.port`), `EPICS_CA_SERVER_PORT`. Default 5064 when an address is set.
            public var epicsPort: Int
            /// Whether the address is a name server (`epics.gateways.read_only.use_name_server`):
            /// sets `EPICS_CA_NAME_SERVERS=address:port` instead. Default `false`.
            public var epicsUseNameServer: Bool

            /// Creates the section; every argument defaults to its documented default.
            public init(epicsTimeout: Double = 5, epicsAddress: String? = nil, epicsPort: Int = 5064, epicsUseNameServer: Bool = false) {
                self.epicsTimeout = epicsTimeout
                self.epicsAddress = epicsAddress
                self.epicsPort = epicsPort
                self.epicsUseNameServer = epicsUseNameServer
            }

            init(_ node: ConfigNode) throws(PythonExecutorError) {
                let children = try node.mapping(allowed: ["epics", "mock"])
                let epics = node.child("epics", in: children)
                let epicsChildren = try epics.mapping(allowed: ["timeout", "gateways"])
                let gateways = epics.child("gateways", in: epicsChildren)
                let gatewayChildren = try gateways.mapping(allowed: ["read_only", "write_access"])
                let readOnly = gateways.child("read_only", in: gatewayChildren)
                let readOnlyChildren = try readOnly.mapping(allowed: ["address", "port", "use_name_server"])
                _ = try gateways.child("write_access", in: gatewayChildren).mapping(allowed: ["address", "port", "use_name_server"])
                let mock = node.child("mock", in: children)
                mock.ignored(["response_delay_ms", "noise_level", "enable_writes", "simulate_delays"],
                             in: try mock.mapping(allowed: ["response_delay_ms", "noise_level", "enable_writes", "simulate_delays"]),
                             because: "the in-memory connector here is deterministic: no delays, no noise; control_system.writes_enabled decides writes")
                gateways.ignored(["write_access"], in: gatewayChildren, because: "the reference's connector reads only the read_only gateway too")
                let timeout = try epics.child("timeout", in: epicsChildren).number() ?? 5
                guard timeout > 0, timeout.isFinite else {
                    throw .configuration("\(ConfigNode.join(epics.path, "timeout")): expected a positive number of seconds, got \(timeout)")
                }
                // The port may come from the environment (`${EPICS_PORT}`), so it is read as text.
                let portNode = readOnly.child("port", in: readOnlyChildren)
                var port = 5064
                if let text = try portNode.string() {
                    guard let value = Int(text), (1...65535).contains(value) else {
                        throw .configuration("\(portNode.path): must be a port number from 1 to 65535, got '\(text)'")
                    }
                    port = value
                }
                self.init(
                    epicsTimeout: timeout, epicsAddress: try readOnly.child("address", in: readOnlyChildren).string(),
                    epicsPort: port,
                    epicsUseNameServer: try readOnly.child("use_name_server", in: readOnlyChildren).bool() ?? false)
            }

            /// The Channel Access variables the code's runs get (empty without an address).
            public var epicsEnvironment: [String: String] {
                guard let epicsAddress else { return [:] }
                if epicsUseNameServer { return ["EPICS_CA_NAME_SERVERS": "\(epicsAddress):\(epicsPort)", "EPICS_CA_AUTO_ADDR_LIST": "NO"] }
                return ["EPICS_CA_ADDR_LIST": epicsAddress, "EPICS_CA_SERVER_PORT": "\(epicsPort)", "EPICS_CA_AUTO_ADDR_LIST": "NO"]
            }
        }

        /// The channel-limits database settings (`control_system.limits_checking`).
        public struct LimitsChecking: Sendable, Hashable {
            /// Whether every write is checked against the database where it happens (`enabled`). Default `false`.
            public var enabled: Bool
            /// The JSON database (`database_path`): `~` expanded, a relative path taken from
            /// `project_root` when set, else from the working directory. Required when enabled.
            public var databasePath: String?
            /// Whether channels missing from the database may be written (`allow_unlisted_channels`). Default `false`.
            public var allowUnlistedChannels: Bool
            /// What a refused write does (`on_violation`). Default ``OnViolation/error``.
            public var onViolation: OnViolation

            /// Creates the section; every argument defaults to its documented default.
            public init(enabled: Bool = false, databasePath: String? = nil, allowUnlistedChannels: Bool = false, onViolation: OnViolation = .error) {
                self.enabled = enabled
                self.databasePath = databasePath
                self.allowUnlistedChannels = allowUnlistedChannels
                self.onViolation = onViolation
            }

            init(_ node: ConfigNode) throws(PythonExecutorError) {
                let children = try node.mapping(allowed: ["enabled", "database_path", "allow_unlisted_channels", "on_violation", "policy"])
                node.ignored(["policy"], in: children, because: "the reference does not read a nested policy either; set allow_unlisted_channels and on_violation here")
                let text = try node.child("on_violation", in: children).string() ?? "error"
                guard let onViolation = OnViolation(rawValue: text) else {
                    throw .configuration("\(ConfigNode.join(node.path, "on_violation")): expected error or skip, got '\(text)'")
                }
                self.init(
                    enabled: try node.child("enabled", in: children).bool() ?? false,
                    databasePath: try node.child("database_path", in: children).string(),
                    allowUnlistedChannels: try node.child("allow_unlisted_channels", in: children).bool() ?? false,
                    onViolation: onViolation)
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
