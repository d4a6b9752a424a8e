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

            /// Creates the section; every argument defaults to its documented default.
            public init(read: JupyterContainer? = nil, write: JupyterContainer? = nil) {
                self.read = read
                self.write = write
            }

            /// The container that serves `mode`: the one listing it in `execution_modes`,
            /// else `read` for read-only code and `write` for code that writes.
            public func container(for mode: ExecutionMode) -> JupyterContainer? {
                let all = [read, write].compactMap { $0 }
                if let listed = all.first(where: { $0.executionModes?.contains(mode) == true }) { return listed }
                return mode == .readOnly ? read : write
            }

            init(_ node: ConfigNode) throws(PythonExecutorError) {
                let children = try node.mapping(allowed: ["containers"])
                let containersNode = node.child("containers", in: children)
                let containers = try containersNode.mapping(allowed: ["read", "write"], othersAllowed: true)
                containersNode.ignoredOthers(in: containers, known: ["read", "write"], because: "only the read and write containers are used here")
                self.init(
                    read: try JupyterContainer(containersNode.child("read", in: containers)),
                    write: try JupyterContainer(containersNode.child("write", in: containers)))
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

        /// Creates a server entry.
        public init(hostname: String = "localhost", portHost: Int, name: String? = nil, executionModes: [ExecutionMode]? = nil) {
            self.hostname = hostname
            self.portHost = portHost
            self.name = name
            self.executionModes = executionModes
        }

        /// Reads an entry; `nil` when the key is absent.
        init?(_ node: ConfigNode) throws(PythonExecutorError) {
            guard node.isGiven else { return nil }
            let children = try node.mapping(allowed: ["hostname", "port_host", "name", "execution_modes"])
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
                name: try node.child("name", in: children).string(), executionModes: modes)
        }
    }
}
