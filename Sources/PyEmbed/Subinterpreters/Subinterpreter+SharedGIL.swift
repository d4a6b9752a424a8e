import CPythonShim
import Dispatch
import Synchronization

extension Subinterpreter {
    /// Runs `body` (code running in this interpreter, GIL held) while a timer makes
    /// it hand the GIL over every few milliseconds.
    ///
    /// On 3.11 a thread waiting for the GIL asks only holders of its own interpreter
    /// to let go, so a main-interpreter thread would wait until a looping run here
    /// ended by itself. Each tick the timer takes the GIL through a thread state of
    /// this interpreter (which the running code does hear) and lets it go at once,
    /// giving waiters of every interpreter their turn.
    func sharingTheGIL<T>(_ body: () -> T) -> T {
        let running = RunningFlag()
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + .milliseconds(5), repeating: .milliseconds(5))
        timer.setEventHandler { [self] in
            // Counted as an interrupter while the run is on, so the interpreter cannot end under it.
            let arrived = running.value.withLock { isRunning -> Bool in
                if isRunning { interrupterArrives() }
                return isRunning
            }
            if arrived { asInterrupter {} }
        }
        timer.resume()
        defer {
            running.value.withLock { $0 = false }
            timer.cancel()
        }
        return body()
    }
}

/// Whether a run is still on, shared with its timer.
private final class RunningFlag: Sendable {
    let value = Mutex(true)
}
