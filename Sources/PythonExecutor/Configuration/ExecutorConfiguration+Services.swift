extension ExecutorConfiguration {
    /// External services (`services`).
    public struct Services: Sendable, Hashable {
        /// The Jupyter containers (`jupyter`).
        public var jupyter: Jupyter

        /// Creates the section; every argument defaults to its documented default.
        public init(jupyter: Jupyter = Jupyter()) {
            self.jupyter = jupyter
        }

        init(_ node: ConfigNode) throws(PythonExecutorError) {
            let children = try node.mapping(allowed: ["jupyter"], othersAllowed: true)
            node.ignoredOthers(in: children, known: ["jupyter"], because: "a service of the reference's deployment; the executor reads only services.jupyter")
            self.init(jupyter: try Jupyter(node.child("jupyter", in: children)))
        }

        /// The Jupyter servers (`services.jupyter`).
        public struct Jupyter: Sendable, Hashable {
            /// The server for read-only code (`containers.read`). Default `nil`: none configured
            /// (notebook links are `file://` URIs).
            public var read: JupyterContainer?
            /// The server for code that writes (`containers.write`). Default `nil`: none configured.
            public var write: JupyterContainer?

            /// Seconds a timed-out run gets to stop after its kernel is interrupted,
            /// before the kernel is restarted (`interrupt_grace_seconds`, an addition of ours). Default 5.
            public var interruptGraceSeconds: Double

            /// Creates the section; every argument defaults to its documented default.
            public init(read: JupyterContainer? = nil, write: JupyterContainer? = nil, interruptGraceSeconds: Double = 5) {
                self.read = read
                self.write = write
                self.interruptGraceSeconds = interruptGraceSeconds
            }

            /// The container that serves `mode`: the one listing it in `execution_modes`,
            /// else `read` for read-only code and `write` for code that writes.
            public func container(for mode: ExecutionMode) -> JupyterContainer? {
                let all = [read, write].compactMap { $0 }
                if let listed = all.first(where: { $0.executionModes?.contains(mode) == true }) { return listed }
                return mode == .readOnly ? read : write
            }

            init(_ node: ConfigNode) throws(PythonExecutorError) {
                let children = try node.mapping(allowed: ["containers", "interrupt_grace_seconds"])
                let containersNode = node.child("containers", in: children)
                let containers = try containersNode.mapping(allowed: ["read", "write"], othersAllowed: true)
                containersNode.ignoredOthers(in: containers, known: ["read", "write"], because: "only the read and write containers are used here")
                let graceNode = node.child("interrupt_grace_seconds", in: children)
                let grace = try graceNode.number() ?? 5
                guard grace.isFinite, grace >= 0 else { throw graceNode.invalid("must be a number of seconds, 0 or more") }
                self.init(
                    read: try JupyterContainer(containersNode.child("read", in: containers)),
                    write: try JupyterContainer(containersNode.child("write", in: containers)),
                    interruptGraceSeconds: grace)
            }
        }
    }

    /// One Jupyter server (`services.jupyter.containers.<name>`).
    public struct JupyterContainer: Sendable, Hashable {
        /// Its host name (`hostname`). Default `localhost`.
        public var hostname: String
        /// Its port on the host (`port_host`). Required.
        public var portHost: Int
        /// Its container name (`name`), informative only. Default `nil`.
        public var name: String?
        /// The execution modes it serves (`execution_modes`). Default `nil`: by its slot (`read`/`write`).
        public var executionModes: [ExecutionMode]?
        /// The server's token (`token`, an addition of ours), sent as `Authorization: token …`.
        /// Default `nil`: none (the reference's containers run without one).
        public var token: String?
        /// An environment variable holding the token (`token_env`, an addition of ours); used when `token` is not set.
        public var tokenEnv: String?
        /// Whether to use `https`/`wss` (`use_https`). Default `false`.
        public var useHTTPS: Bool
        /// The server's base path (`base_path`, an addition of ours), such as `/gateway` behind a proxy. Default `/`.
        public var basePath: String

        /// Creates a server entry.
        public init(
            hostname: String = "localhost", portHost: Int, name: String? = nil, executionModes: [ExecutionMode]? = nil,
            token: String? = nil, tokenEnv: String? = nil, useHTTPS: Bool = false, basePath: String = "/"
        ) {
            self.hostname = hostname
            self.portHost = portHost
            self.name = name
            self.executionModes = executionModes
            self.token = token
            self.tokenEnv = tokenEnv
            self.useHTTPS = useHTTPS
            self.basePath = basePath
        }

        /// Reads an entry; `nil` when the key is absent.
        init?(_ node: ConfigNode) throws(PythonExecutorError) {
            guard node.isGiven else { return nil }
            let children = try node.mapping(allowed: [
                "hostname", "port_host", "name", "execution_modes", "token", "token_env", "use_https", "base_path",
            ])
            let portNode = node.child("port_host", in: children)
            guard let port = try portNode.integer() else { throw node.invalid("'port_host' is required") }
            guard (1...65535).contains(port) else { throw portNode.invalid("must be a port number from 1 to 65535, got \(port)") }
            let modesNode = node.child("execution_modes", in: children)
            var modes: [ExecutionMode]?
            if let names = try modesNode.strings() {
                modes = []
                for name in names {
                    guard let mode = ExecutionMode(rawValue: name) else {
                        throw modesNode.invalid("unknown execution mode '\(name)'; expected read_only or write_access")
                    }
                    modes?.append(mode)
                }
            }
            self.init(
                hostname: try node.child("hostname", in: children).string() ?? "localhost", portHost: port,
                name: try node.child("name", in: children).string(), executionModes: modes,
                token: try node.child("token", in: children).string(), tokenEnv: try node.child("token_env", in: children).string(),
                useHTTPS: try node.child("use_https", in: children).bool() ?? false,
                basePath: try node.child("base_path", in: children).string() ?? "/")
        }
    }
}
