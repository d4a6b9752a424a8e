import CPythonShim
import Dispatch
import Synchronization

/// Lets Swift stop one run from outside: task cancellation or a time limit
/// raises `_pyembed.PyEmbedInterrupt` in the running thread between two
/// bytecodes (`PyThreadState_SetAsyncExc`).
///
/// The exception is raised again every 50 ms until the run ends, so code that
/// catches it does not escape. A C function that never returns to the bytecode
/// loop (a long numpy kernel, a blocking read, `time.sleep`) is only
/// interrupted when it returns; hard limits need a separate process.
final class RunGuard: Sendable {
    private struct State {
        var threadID: UInt = 0
        /// The sub-interpreter the run is in, or `nil` for the main interpreter.
        var subinterpreter: Subinterpreter?
        /// The running thread's state (valid while `running`).
        var threadState: UnsafeMutablePointer<PyThreadState>?
        /// How many times the interrupt was raised.
        var raised = 0
        /// Whether the stopping trace function was set on the running thread.
        var traced = false
        var running = false
        var finished = false
        var reason: InterruptReason?
        /// The time limit's timer, cancelled when the run ends (releasing it and this guard at once).
        var timer: Timer?
    }

    /// A Dispatch timer, which is safe to cancel from any thread.
    private final class Timer: @unchecked Sendable {
        let source: any DispatchSourceTimer

        init(_ source: any DispatchSourceTimer) {
            self.source = source
        }
    }

    private let state = Mutex(State())
    private let timeout: Duration?

    init(timeout: Duration?) {
        self.timeout = timeout
    }

    /// Marks the run as started on this thread. Returns a reason if it was
    /// interrupted before it began (then it must not run).
    func begin(_ gil: GIL) -> InterruptReason? {
        let subinterpreter = ActiveSubinterpreter.current
        let early = state.withLock { state -> InterruptReason? in
            state.threadID = pyshim_current_thread_id()
            state.subinterpreter = subinterpreter
            state.threadState = PyThreadState_Get()
            state.running = state.reason == nil
            return state.reason
        }
        if early == nil, let timeout {
            let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now() + seconds)
            timer.setEventHandler { [weak self] in self?.interrupt(.timeout(seconds: seconds)) }
            state.withLock { $0.timer = Timer(timer) }
            timer.resume()
        }
        return early
    }

    /// Marks the run as over and discards an interrupt that had not fired yet.
    /// Returns why it was interrupted, if it was.
    func end(_ gil: GIL) -> InterruptReason? {
        let (reason, threadID, traced, timer) = state.withLock { state in
            state.running = false
            state.finished = true
            defer { state.timer = nil }
            return (state.reason, state.threadID, state.traced, state.timer)
        }
        timer?.source.cancel()
        if reason != nil { _ = pyshim_set_async_exc(threadID, nil) }
        if traced { pyshim_clear_stopping_trace() }
        return reason
    }

    /// Asks the run to stop. Returns at once; the exception is raised from a
    /// background thread as soon as it can take the GIL.
    func interrupt(_ reason: InterruptReason) {
        let signal = state.withLock { state -> Bool in
            guard state.reason == nil, !state.finished else { return false }
            state.reason = reason
            return state.running
        }
        guard signal else { return }
        raise(after: 0)
    }

    /// Raises the interrupt in the running thread, and again every 50 ms while
    /// the run goes on: code that catches `BaseException` cannot outlive it.
    private func raise(after delay: Double) {
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [weak self] in
            guard let self else { return }
            let subinterpreter = self.state.withLock { state -> Subinterpreter? in
                guard state.running, let subinterpreter = state.subinterpreter else { return nil }
                subinterpreter.interrupterArrives()  // before the run ends, so before the interpreter can end
                return subinterpreter
            }
            let stillRunning: Bool
            if let subinterpreter {
                stillRunning = subinterpreter.asInterrupter { self.signal() }
            } else {
                stillRunning = GIL.acquire { _ in self.signal() }
            }
            if stillRunning { self.raise(after: 0.05) }
        }
    }

    /// Sets the interrupt on the running thread, with the GIL held in the run's interpreter.
    ///
    /// From the second time on (the code caught the first one), it also sets a
    /// trace function on that thread that raises the interrupt at every line, so
    /// `except BaseException` inside a loop cannot keep the run going: the
    /// handler's own first line raises again.
    private func signal() -> Bool {
        state.withLock { state -> Bool in
            guard state.running else { return false }
            let type = state.subinterpreter?.interruptType ?? SupportModule.installed.interruptType.pointer
            _ = pyshim_set_async_exc(state.threadID, type)
            state.raised += 1
            if state.raised >= 2, !state.traced, let threadState = state.threadState {
                state.traced = pyshim_set_stopping_trace(threadState, type) == 0
            }
            return true
        }
    }
}
