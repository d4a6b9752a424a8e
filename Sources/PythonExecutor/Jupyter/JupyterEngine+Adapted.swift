import PyEmbed

extension JupyterEngine {
    /// The engine with one run's named session and time limit (``RunOverrides``).
    struct Adapted: ExecutionEngine {
        let engine: JupyterEngine
        let session: JupyterSessionKernels?
        let timeoutSeconds: Double

        func run(_ code: String, context: PythonValue?, folder: String, attempt: Int) async throws(RunnerFailure) -> ExecutionOutcome {
            try await run(code, context: context, folder: folder, attempt: attempt, mode: .readOnly, output: nil)
        }

        func run(
            _ code: String, context: PythonValue?, folder: String, attempt: Int, mode: ExecutionMode, output: OutputHandler?
        ) async throws(RunnerFailure) -> ExecutionOutcome {
            try await engine.run(
                code, context: context, folder: folder, attempt: attempt, mode: mode, output: output, session: session, timeoutSeconds: timeoutSeconds)
        }
    }
}
