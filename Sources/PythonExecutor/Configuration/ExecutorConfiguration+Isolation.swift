import PyEmbedProcess

extension ExecutorConfiguration {
    /// Where local code runs (`execution.isolation`).
    public enum Isolation: String, Sendable, Hashable, CaseIterable {
        /// A new process per run, forked from a warm worker (`pyembed-worker`):
        /// a crash, `os._exit`, a hang or a memory blow-up ends that process,
        /// never the service; the timeout kills it. The default.
        case process
        /// In this process's embedded interpreter: microseconds per run, but
        /// for trusted code only (see the README's threat model).
        case inProcess = "in_process"

        /// Whether a run's working directory is its execution folder, so relative
        /// paths land there. An in-process run cannot change directory (it is
        /// process-wide): its relative paths land in the host's working directory.
        public var runsInExecutionFolder: Bool {
            switch self {
            case .process: return true
            case .inProcess: return false
            }
        }
    }

    /// The process tier's settings (`execution.process`).
    public struct ProcessTier: Sendable, Hashable {
        /// Megabytes of memory a run may add to the warm worker's (`memory_limit_mb`). Default: no limit.
        public var memoryLimitMB: Int?
        /// Seconds of CPU time a run may use (`cpu_time_limit_seconds`). Default: no limit.
        public var cpuTimeLimitSeconds: Int?
        /// Bytes of stdout, and of stderr, kept per run (`output_limit_bytes`). Default 4 MiB.
        /// In-process runs keep as many characters (they cap before encoding); Jupyter kernel
        /// runs (`execution_method: container`) keep as many bytes.
        public var outputLimitBytes: Int
        /// Modules imported once in the warm worker (`preload`). Default numpy, pandas, matplotlib, pyplot.
        public var preload: [String]
        /// The `pyembed-worker` executable (`worker_path`). Default: found next to this program or through `PYEMBED_WORKER`.
        public var workerPath: String?
        /// Whether runs get a PID namespace of their own (`pid_namespace`: `automatic`,
        /// `required` or `off`), so their code cannot signal this service or any
        /// process outside it. Default `automatic`: where the kernel allows it.
        public var pidNamespace: PIDNamespacePolicy

        /// Creates the section; every argument defaults to its documented default.
        public init(
            memoryLimitMB: Int? = nil, cpuTimeLimitSeconds: Int? = nil, outputLimitBytes: Int = 4 << 20,
            preload: [String] = ["numpy", "pandas", "matplotlib", "matplotlib.pyplot"], workerPath: String? = nil,
            pidNamespace: PIDNamespacePolicy = .automatic
        ) {
            self.pidNamespace = pidNamespace
            self.memoryLimitMB = memoryLimitMB
            self.cpuTimeLimitSeconds = cpuTimeLimitSeconds
            self.outputLimitBytes = outputLimitBytes
            self.preload = preload
            self.workerPath = workerPath
        }

        init(_ node: ConfigNode) throws(PythonExecutorError) {
            let children = try node.mapping(allowed: ["memory_limit_mb", "cpu_time_limit_seconds", "output_limit_bytes", "preload", "worker_path", "pid_namespace"])
            let defaults = ProcessTier()
            let namespaceNode = node.child("pid_namespace", in: children)
            var pidNamespace = defaults.pidNamespace
            if let name = try namespaceNode.string() {
                guard let policy = PIDNamespacePolicy(rawValue: name) else {
                    throw .configuration("\(namespaceNode.path) must be automatic, required or off, not \(name)")
                }
                pidNamespace = policy
            }
            self.init(
                memoryLimitMB: try Self.positive(node.child("memory_limit_mb", in: children), atMost: 1 << 30),
                cpuTimeLimitSeconds: try Self.positive(node.child("cpu_time_limit_seconds", in: children), atMost: 1 << 40),
                outputLimitBytes: try Self.positive(node.child("output_limit_bytes", in: children), atMost: 1 << 40) ?? defaults.outputLimitBytes,
                preload: try node.child("preload", in: children).strings() ?? defaults.preload,
                workerPath: try node.child("worker_path", in: children).string(), pidNamespace: pidNamespace)
        }

        private static func positive(_ node: ConfigNode, atMost limit: Int) throws(PythonExecutorError) -> Int? {
            guard let value = try node.integer() else { return nil }
            guard value > 0, value <= limit else {
                throw .configuration("\(node.path) must be a whole number from 1 to \(limit), not \(value)")
            }
            return value
        }
    }
}
