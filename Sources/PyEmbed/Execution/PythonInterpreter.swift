/// The async way into Python: an actor whose jobs run on the interpreter thread.
///
/// Every call hops onto the one thread that started Python and runs there with
/// the GIL, in the order the calls arrive. Cancelling the calling task
/// interrupts a running ``run(_:options:inputs:)`` between two bytecodes.
public actor PythonInterpreter {
    private let thread: InterpreterThread

    init(thread: InterpreterThread) {
        self.thread = thread
    }

    /// The interpreter thread's serial executor.
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        thread.asUnownedSerialExecutor()
    }

    /// Compiles and runs `code` on the interpreter thread.
    ///
    /// See ``GIL/run(_:options:inputs:)`` for what it does and throws; in
    /// addition, cancelling the calling task ends the run with
    /// ``PyEmbedError/interrupted(_:_:)`` and ``InterruptReason/cancelled``.
    public func run(
        _ code: String, options: RunOptions = RunOptions(), inputs: [String: any ConvertibleToPython & Sendable] = [:]
    ) async throws(PyEmbedError) -> RunOutput {
        let runGuard = RunGuard(timeout: options.timeout)
        let result = await withTaskCancellationHandler {
            await execute(code, options: options, inputs: inputs, guard: runGuard)
        } onCancel: {
            runGuard.interrupt(.cancelled)
        }
        return try result.get()
    }

    /// The body of a run; isolated, so it executes on the interpreter thread.
    private func execute(
        _ code: String, options: RunOptions, inputs: [String: any ConvertibleToPython & Sendable], guard runGuard: RunGuard
    ) -> Result<RunOutput, PyEmbedError> {
        Result { () throws(PyEmbedError) in
            try GIL.acquire { (gil) throws(PyEmbedError) in
                try gil.run(code, options: options, inputs: inputs, guard: runGuard)
            }
        }
    }

    /// Runs `code`, then reads from its namespace with `read` on the interpreter thread.
    ///
    /// Throws what ``run(_:options:inputs:)`` throws, or what `read` throws (both ``PyEmbedError``).
    ///
    /// ```swift
    /// let mean = try await python.interpreter.run("import statistics\nm = statistics.mean([1, 2, 3])") {
    ///     output, gil in try output.value("m", as: Double.self, gil)
    /// }
    /// ```
    public func run<T: Sendable>(
        _ code: String, options: RunOptions = RunOptions(), inputs: [String: any ConvertibleToPython & Sendable] = [:],
        read: @Sendable (RunOutput, GIL) throws(PyEmbedError) -> T
    ) async throws(PyEmbedError) -> T {
        let output = try await run(code, options: options, inputs: inputs)
        return try GIL.acquire { (gil) throws(PyEmbedError) in try read(output, gil) }
    }

    /// Runs `body` on the interpreter thread with the GIL held.
    public func withGIL<T: Sendable, E: Error>(_ body: @Sendable (GIL) throws(E) -> T) throws(E) -> T {
        try GIL.acquire(body)
    }
}
