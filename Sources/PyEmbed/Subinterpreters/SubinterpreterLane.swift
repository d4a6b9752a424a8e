import CPythonShim

/// The thread a ``SubinterpreterPool`` creates, runs and ends its interpreters
/// on, as an actor: prepared interpreters, named ones, and those waiting to end.
///
/// Every interpreter's one thread state belongs to this thread. Upkeep (ending a
/// used interpreter, creating one to refill the pool) runs as separate jobs, one
/// interpreter at a time, queued behind the runs already waiting.
actor SubinterpreterLane {
    private let thread: InterpreterThread
    private let size: Int
    private let refusedModules: [String]
    private var mainState: UnsafeMutablePointer<PyThreadState>?
    private var prepared: [Subinterpreter] = []
    private var named: [String: Subinterpreter] = [:]
    private var retiring: [Subinterpreter] = []
    private var upkeepQueued = false
    private var waitingForFull: [CheckedContinuation<Void, Never>] = []
    /// Interpreters left alive because threads their code started still ran when they were to end.
    private(set) var abandoned = 0
    private var isShutDown = false

    init(size: Int, refusedModules: [String]) {
        self.size = size
        self.refusedModules = refusedModules
        thread = InterpreterThread(name: "PyEmbed.subinterpreters") {}
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { thread.asUnownedSerialExecutor() }

    /// Runs `code` in a fresh interpreter (ended afterwards) or the named one.
    func run<T>(
        _ code: String, options: RunOptions, inputs: [String: any ConvertibleToPython & Sendable], guard runGuard: RunGuard,
        read: (RunOutput, GIL) throws -> T
    ) -> Result<(SubinterpreterOutput, T), any Error> {
        Result {
            guard !isShutDown else { throw PyEmbedError.invalidArgument("the sub-interpreter pool was shut down") }
            let interpreter: Subinterpreter
            if case let .named(name) = options.namespace {
                if let existing = named[name] {
                    interpreter = existing
                } else {
                    interpreter = try take()
                    named[name] = interpreter
                }
            } else {
                interpreter = try take()
                retiring.append(interpreter)
            }
            defer { queueUpkeep() }
            return try interpreter.enter { gil in
                try interpreter.run(code, options: options, inputs: inputs, guard: runGuard, gil, read: read)
            }
        }
    }

    /// Ends the named interpreter; its next run starts in a fresh one.
    func reset(_ name: String) {
        guard let interpreter = named.removeValue(forKey: name) else { return }
        retiring.append(interpreter)
        queueUpkeep()
    }

    /// Returns once the pool holds `size` prepared interpreters and the used ones have ended.
    func fill() async {
        guard prepared.count < size || !retiring.isEmpty, !isShutDown else { return }
        queueUpkeep()
        await withCheckedContinuation { waitingForFull.append($0) }
    }

    /// How many interpreters are prepared now.
    var preparedCount: Int { prepared.count }

    /// Ends every interpreter; later runs fail.
    func shutDown() {
        isShutDown = true
        retiring += prepared + named.values
        prepared = []
        named = [:]
        while let interpreter = retiring.popLast() { end(interpreter) }
        resumeWaiters()
    }

    private func take() throws -> Subinterpreter {
        if let ready = prepared.popLast() { return ready }
        return try Subinterpreter(mainState: main(), refusedModules: refusedModules)
    }

    private func main() -> UnsafeMutablePointer<PyThreadState> {
        if let mainState { return mainState }
        let made = pyshim_main_thread_state_new()!
        mainState = made
        return made
    }

    private func end(_ interpreter: Subinterpreter) {
        if !interpreter.end(mainState: main()) { abandoned += 1 }
    }

    private func queueUpkeep() {
        guard !upkeepQueued, !isShutDown else { return }
        upkeepQueued = true
        Task { self.upkeep() }
    }

    /// One unit of upkeep, then another job if more is due (runs queued meanwhile go first).
    private func upkeep() {
        upkeepQueued = false
        if let interpreter = retiring.popLast() {
            end(interpreter)
        } else if prepared.count < size, !isShutDown {
            if let made = try? Subinterpreter(mainState: main(), refusedModules: refusedModules) { prepared.append(made) }
        }
        if !retiring.isEmpty || (prepared.count < size && !isShutDown) {
            queueUpkeep()
        } else {
            resumeWaiters()
        }
    }

    private func resumeWaiters() {
        let waiting = waitingForFull
        waitingForFull = []
        for continuation in waiting { continuation.resume() }
    }
}
