import PyEmbed

/// Runs generated code for the workflow's execute stage; one engine per
/// isolation tier (``ExecutorConfiguration/Isolation``), chosen by configuration.
protocol ExecutionEngine: Sendable {
    /// Runs `code` with `context` as its `context` variable, in `folder` where
    /// the tier allows a working directory, and returns its converted `results`.
    ///
    /// - Throws: a ``RunnerFailure`` whose error says how the run failed.
    func run(_ code: String, context: PythonValue?, folder: String, attempt: Int) async throws(RunnerFailure) -> ExecutionOutcome

    /// Runs `code` as ``run(_:context:folder:attempt:)`` does, for the analysed
    /// execution `mode` (tiers with per-mode endpoints choose by it), passing what
    /// the code prints to `output` while it runs (tiers that capture output only
    /// at the end pass nothing).
    func run(
        _ code: String, context: PythonValue?, folder: String, attempt: Int, mode: ExecutionMode, output: OutputHandler?
    ) async throws(RunnerFailure) -> ExecutionOutcome

    /// This engine with one run's session, time limit and output stream (``RunOverrides``).
    func adapted(to overrides: RunOverrides) -> any ExecutionEngine
}

/// Receives output while code runs.
typealias OutputHandler = @Sendable (OutputChunk) -> Void

/// A piece of what running code printed.
struct OutputChunk: Sendable, Hashable {
    /// Which stream it was printed to.
    enum Stream: String, Sendable, Hashable {
        case stdout, stderr
    }

    var stream: Stream
    var text: String
}

extension ExecutionEngine {
    /// The engine itself: a tier without sessions or streaming ignores them.
    func adapted(to overrides: RunOverrides) -> any ExecutionEngine { self }

    func run(
        _ code: String, context: PythonValue?, folder: String, attempt: Int, mode: ExecutionMode, output: OutputHandler?
    ) async throws(RunnerFailure) -> ExecutionOutcome {
        try await run(code, context: context, folder: folder, attempt: attempt)
    }

    /// The name tracebacks show for generated code.
    static var filename: String { "generated_code.py" }
}
