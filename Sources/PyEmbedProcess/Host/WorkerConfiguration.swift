import Foundation

/// How worker processes are started.
public struct WorkerConfiguration: Sendable, Hashable {
    /// The `pyembed-worker` executable; `nil` to look for it (see ``WorkerLocator``).
    public var executable: String?
    /// The Python environment the worker starts in.
    public var environment: EnvironmentRequest
    /// Modules imported once in the warm worker, so runs find them loaded;
    /// those that cannot be imported are skipped. Default: numpy, pandas,
    /// matplotlib (Agg backend) and pyplot.
    public var preload: [String]
    /// Python code run once in the warm worker after the preload (to define
    /// helper modules every run can import, say); if it raises, the worker
    /// does not start and runs fail with its traceback.
    public var prelude: String
    /// A function the prelude defined, as `module.function` of a module in
    /// `sys.modules`, that each run's inputs pass through: it gets them as a
    /// `dict` and returns the `dict` of variables the run starts with (to give a
    /// run objects that values cannot express). If it raises, the run does not
    /// start. `nil` (the default): inputs are used as they are.
    public var inputAdapter: String?
    /// Exception classes the prelude defined, as `module.Class` of modules in
    /// `sys.modules`, that runs' exceptions are matched against by identity
    /// (``PythonException/recognisedClasses``, see `GIL.recogniseExceptions(of:)`).
    /// Looked up right after the prelude, before any run; one that is missing stops the worker.
    public var recognisedExceptions: [String]
    /// The most runs in flight at once in one pool; more wait for a slot.
    public var maxConcurrentRuns: Int
    /// How long the worker may take to start and preload.
    public var startTimeout: Duration
    /// Whether starting a worker makes this (the host) process not dumpable
    /// (`PR_SET_DUMPABLE 0`): runs execute as the same OS user, and could otherwise
    /// read and write the host's memory, environment and descriptors through
    /// `/proc` or attach to it. Costs the host its core dumps and same-user
    /// debugging; set `false` to keep them. Default `true`.
    public var hardensHost: Bool
    /// Whether runs get a PID namespace of their own, so that their code cannot
    /// name — signal, stop, trace — the host or any process outside the
    /// namespace (see ``PIDNamespacePolicy``). Default ``PIDNamespacePolicy/automatic``:
    /// where the kernel allows unprivileged user namespaces.
    public var pidNamespace: PIDNamespacePolicy

    /// The modules preloaded by default.
    public static let defaultPreload = ["numpy", "pandas", "matplotlib", "matplotlib.pyplot"]

    /// Creates a configuration; every argument has a default.
    public init(
        executable: String? = nil, environment: EnvironmentRequest = .automatic, preload: [String] = defaultPreload,
        prelude: String = "", inputAdapter: String? = nil, recognisedExceptions: [String] = [], hardensHost: Bool = true, pidNamespace: PIDNamespacePolicy = .automatic,
        maxConcurrentRuns: Int = max(4, ProcessInfo.processInfo.activeProcessorCount * 4), startTimeout: Duration = .seconds(120)
    ) {
        self.executable = executable
        self.environment = environment
        self.preload = preload
        self.prelude = prelude
        self.hardensHost = hardensHost
        self.pidNamespace = pidNamespace
        self.inputAdapter = inputAdapter
        self.recognisedExceptions = recognisedExceptions
        self.maxConcurrentRuns = max(1, maxConcurrentRuns)
        self.startTimeout = startTimeout
    }
}

/// Finds the `pyembed-worker` executable.
public enum WorkerLocator {
    /// The environment variable that names the worker executable.
    public static let environmentVariable = "PYEMBED_WORKER"
    /// The executable's file name.
    public static let executableName = "pyembed-worker"

    /// The worker to start, looked for in order: `explicit`, `$PYEMBED_WORKER`,
    /// next to the running executable (covers `swift run`, `swift test` and an
    /// app that ships the worker beside itself), next to `argv[0]`.
    ///
    /// - Throws: ``WorkerError/workerUnavailable(_:)`` listing where it looked.
    public static func locate(explicit: String? = nil) throws(WorkerError) -> String {
        if let explicit {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw .workerUnavailable("the worker executable \(explicit) does not exist or is not executable")
            }
            return explicit
        }
        var candidates: [String] = []
        if let named = ProcessInfo.processInfo.environment[environmentVariable], !named.isEmpty { candidates.append(named) }
        if let running = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: running).deletingLastPathComponent().appendingPathComponent(executableName).path)
        }
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent(executableName).path)
        }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        throw .workerUnavailable(
            "\(executableName) was not found (looked at \(candidates.joined(separator: ", "))); build it (`swift build`), set \(environmentVariable), or pass WorkerConfiguration.executable")
    }
}
