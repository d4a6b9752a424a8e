import PyEmbed

/// Runs generated code for the workflow's execute stage; one engine per
/// isolation tier (``ExecutorConfiguration/Isolation``), chosen by configuration.
protocol ExecutionEngine: Sendable {
    /// Runs `code` with `context` as its `context` variable, in `folder` where
    /// the tier allows a working directory, and returns its converted `results`.
    ///
    /// - Throws: a ``RunnerFailure`` whose error says how the run failed.
    func run(_ code: String, context: PythonValue?, folder: String, attempt: Int) async throws(RunnerFailure) -> ExecutionOutcome

    /// This engine with one run's session, time limit and output stream (``RunOverrides``).
    func adapted(to overrides: RunOverrides) -> any ExecutionEngine
}

extension ExecutionEngine {
    /// The engine itself: a tier without sessions or streaming ignores them.
    func adapted(to overrides: RunOverrides) -> any ExecutionEngine { self }
}

extension ExecutionEngine {
    /// The name tracebacks show for generated code.
    static var filename: String { "generated_code.py" }
}
