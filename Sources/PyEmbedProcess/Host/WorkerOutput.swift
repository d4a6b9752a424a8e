/// What a run printed, as far as it got: part of every outcome, success or not.
public struct WorkerOutput: Sendable, Hashable {
    /// The run's standard output, cut at the output limit (with a note saying so).
    public var stdout: String
    /// The run's standard error, cut at the output limit (with a note saying so).
    public var stderr: String
    /// Bytes the run wrote to standard output, kept or not.
    public var stdoutByteCount: Int
    /// Bytes the run wrote to standard error, kept or not.
    public var stderrByteCount: Int
    /// Wall-clock time from handing the run to the worker until its process
    /// ended (or the worker was lost), measured on the host's I/O thread, so it
    /// does not depend on when the awaiting task got to run again.
    public var elapsed: Duration

    /// Creates an output record.
    public init(stdout: String = "", stderr: String = "", stdoutByteCount: Int = 0, stderrByteCount: Int = 0, elapsed: Duration = .zero) {
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutByteCount = stdoutByteCount
        self.stderrByteCount = stderrByteCount
        self.elapsed = elapsed
    }

    /// Whether either stream was cut at the output limit.
    public var isTruncated: Bool {
        stdoutByteCount > stdout.utf8.count || stderrByteCount > stderr.utf8.count
    }
}

/// A successful run in a worker process: its output and its variables as Swift values.
public struct WorkerRunOutput: Sendable {
    /// What the run printed.
    public var output: WorkerOutput
    /// The variables that came back (see ``WorkerRunOptions/variables``), in definition order.
    public var variables: PythonDictionary
    /// Variables that could not be converted, with the reason; the others still came back.
    public var conversionFailures: [String: String]
    /// Parts of variables that could not be converted: each came back as an
    /// opaque object (type, module, `repr`), named by its path (`results['rec'][2]`).
    public var conversionWarnings: [String]
    /// Every pyplot figure the run left open, rendered.
    public var figures: [Figure]
    /// Open figures that could not be rendered, with the reason.
    public var figureFailures: [String]
    /// Wall-clock time of the code itself, measured in the worker.
    public var duration: Duration
    /// CPU time (user + system) the run's process used.
    public var cpuTime: Duration
    /// The run's peak resident memory, in bytes.
    public var maxResidentBytes: Int

    /// The run's standard output.
    public var stdout: String { output.stdout }
    /// The run's standard error.
    public var stderr: String { output.stderr }

    /// The variable `name`, if it came back.
    public subscript(name: String) -> PythonValue? { variables[name] }
}
