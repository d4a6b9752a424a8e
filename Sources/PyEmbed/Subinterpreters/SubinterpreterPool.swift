/// Runs code in CPython sub-interpreters: each run has its own `sys.modules`,
/// builtins, `sys.path`, recursion limit and warnings state, so nothing one run
/// changes reaches the next or the main interpreter.
///
/// Fresh interpreters are prepared ahead (``size`` of them, refilled between
/// runs), so a run does not wait ~10 ms for one to be created; a fresh run's
/// interpreter is ended after it. A run with ``RunOptions/Namespace/named(_:)``
/// uses an interpreter kept under that name until ``reset(_:)``. Results are
/// read inside the interpreter (the `read` closure, whose ``GIL`` token names
/// it) and leave as Swift values.
///
/// Modules that cannot live in a sub-interpreter (numpy, and what is built on it)
/// are refused with ``PyEmbedError/unavailableInSubinterpreter(module:_:)``:
/// loaded first in a sub-interpreter, numpy could never be imported by the main
/// interpreter again. On Python 3.11 all interpreters share one GIL, so runs in
/// sub-interpreters do not run in parallel with each other or with the main
/// interpreter. A pool owns one thread for the life of the process; call
/// ``shutDown()`` to end its interpreters.
///
/// ```swift
/// let pool = try SubinterpreterPool()
/// let total = try await pool.run("import builtins\nbuiltins.len = None\nx = 40 + 2") { output, gil in
///     try output.value("x", as: Int.self, gil)
/// }
/// ```
public final class SubinterpreterPool: Sendable {
    /// The modules refused by default: numpy and packages that load it.
    public static let defaultRefusedModules = ["numpy", "pandas", "matplotlib", "scipy", "sklearn"]

    /// How many fresh interpreters are kept prepared.
    public let size: Int
    private let lane: SubinterpreterLane

    /// Creates a pool and starts preparing `size` interpreters in the background.
    ///
    /// - Parameters:
    ///   - size: fresh interpreters kept ready; with 0 each fresh run creates its own.
    ///   - refusedModules: top-level modules whose import fails with a typed error.
    /// - Throws: ``PyEmbedError/startup(_:)`` when Python cannot start.
    public init(size: Int = 2, refusedModules: [String] = SubinterpreterPool.defaultRefusedModules) throws(PyEmbedError) {
        _ = try PythonRuntime.start()
        self.size = max(0, size)
        lane = SubinterpreterLane(size: self.size, refusedModules: refusedModules)
        Task { [lane] in await lane.fill() }
    }

    /// Runs `code` in a sub-interpreter and returns what it printed.
    ///
    /// `options.namespace` picks a fresh interpreter or a named one; the timeout
    /// and task cancellation interrupt the run between two bytecodes, as in the
    /// main interpreter.
    ///
    /// - Throws: ``PyEmbedError/exception(_:)``, ``PyEmbedError/interrupted(_:_:)``,
    ///   ``PyEmbedError/conversion(_:)`` (an input), ``PyEmbedError/unavailableInSubinterpreter(module:_:)``,
    ///   and ``PyEmbedError/startup(_:)`` when no interpreter can be created.
    public func run(
        _ code: String, options: RunOptions = RunOptions(), inputs: [String: any ConvertibleToPython & Sendable] = [:]
    ) async throws(PyEmbedError) -> SubinterpreterOutput {
        do {
            return try await execute(code, options: options, inputs: inputs) { _, _ in () }.0
        } catch let error as PyEmbedError {
            throw error
        } catch {
            throw .invalidArgument("\(error)")
        }
    }

    /// Runs `code` in a sub-interpreter, then reads from its namespace with
    /// `read` inside that interpreter (the token names it; objects cannot leave it).
    ///
    /// Throws what ``run(_:options:inputs:)`` throws, or what `read` throws.
    public func run<T: Sendable>(
        _ code: String, options: RunOptions = RunOptions(), inputs: [String: any ConvertibleToPython & Sendable] = [:],
        read: @Sendable (RunOutput, GIL) throws -> T
    ) async throws -> T {
        try await execute(code, options: options, inputs: inputs, read: read).1
    }

    /// Ends the interpreter named `name`; its next run starts in a fresh one.
    public func reset(_ name: String) async {
        await lane.reset(name)
    }

    /// Returns once ``size`` fresh interpreters are prepared and those of
    /// finished fresh runs have ended.
    public func prepare() async {
        await lane.fill()
    }

    /// How many fresh interpreters are prepared now.
    public var preparedCount: Int {
        get async { await lane.preparedCount }
    }

    /// Interpreters that could not be ended because threads their code started
    /// still ran in them; they stay alive (ending them would abort the process).
    public var abandonedCount: Int {
        get async { await lane.abandoned }
    }

    /// Ends every interpreter of the pool; later runs fail.
    public func shutDown() async {
        await lane.shutDown()
    }

    private func execute<T: Sendable>(
        _ code: String, options: RunOptions, inputs: [String: any ConvertibleToPython & Sendable],
        read: @Sendable (RunOutput, GIL) throws -> T
    ) async throws -> (SubinterpreterOutput, T) {
        let runGuard = RunGuard(timeout: options.timeout)
        let result = await withTaskCancellationHandler {
            await lane.run(code, options: options, inputs: inputs, guard: runGuard, read: read)
        } onCancel: {
            runGuard.interrupt(.cancelled)
        }
        return try result.get()
    }
}
