/// How a piece of code is run.
public struct RunOptions: Sendable, Hashable {
    /// Where the run's variables live.
    public enum Namespace: Sendable, Hashable {
        /// A new, empty module namespace for this run only.
        case fresh
        /// A namespace kept between runs under this name, until
        /// ``PythonRuntime/resetNamespace(_:)``.
        case named(String)
    }

    /// The file name tracebacks and `SyntaxError` show for the code.
    public var filename: String
    /// Where the run's variables live.
    public var namespace: Namespace
    /// The longest the code may run before it is interrupted, or `nil` for no limit.
    public var timeout: Duration?
    /// Whether what the code prints is collected into ``RunOutput/stdout`` and
    /// ``RunOutput/stderr`` (the default), or goes to the process's own
    /// standard streams as it is written (a worker process streams it that way).
    public var capturesOutput: Bool
    /// The most characters of stdout, and of stderr, a captured run keeps; the
    /// rest is dropped as it is written, and the text ends with a note of the
    /// total (`[output truncated: …]`). `nil` keeps everything. Default 4 Mi.
    public var outputLimit: Int?

    /// The default ``outputLimit``: 4 Mi characters per stream.
    public static let defaultOutputLimit = 4 << 20

    /// Creates options; the defaults run in a fresh namespace as `<generated>`
    /// with no time limit, capturing up to 4 Mi characters of each stream.
    public init(
        filename: String = "<generated>", namespace: Namespace = .fresh, timeout: Duration? = nil, capturesOutput: Bool = true,
        outputLimit: Int? = RunOptions.defaultOutputLimit
    ) {
        self.filename = filename
        self.namespace = namespace
        self.timeout = timeout
        self.capturesOutput = capturesOutput
        self.outputLimit = outputLimit
    }
}
