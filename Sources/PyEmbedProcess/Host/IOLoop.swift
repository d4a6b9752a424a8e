import Foundation
import ProcessShim
import Synchronization

/// One thread that waits (`poll`) on every descriptor the host reads from
/// worker processes — control sockets, run pipes, result sockets — and runs
/// their handlers, and fires the process tier's timers (run deadlines, grace
/// periods, start-up limits). Descriptors it watches are owned by it: they are
/// closed on its thread, so a number is never reused while `poll` still
/// watches it. Timers run here rather than as Swift tasks so that a deadline
/// is enforced on time even when every cooperative thread is busy or blocked.
final class IOLoop: Sendable {
    /// The loop every pool and session shares.
    static let shared = IOLoop()

    /// Called on the loop thread when the descriptor is readable or hung up;
    /// returns `false` when it is done with the descriptor (the loop closes it).
    typealias Handler = @Sendable (Int32) -> Bool

    /// A watched descriptor: the number alone could be reused once closed.
    struct Watch: Hashable, Sendable {
        let fd: Int32
        let serial: UInt64
    }

    /// A scheduled action, cancellable until it fires.
    struct Timer: Hashable, Sendable {
        let serial: UInt64
    }

    private struct State {
        var handlers: [Int32: (serial: UInt64, handler: Handler)] = [:]
        var toClose: [Watch] = []
        var serial: UInt64 = 0
        var timers: [UInt64: (deadline: ContinuousClock.Instant, action: @Sendable () -> Void)] = [:]
    }

    private let state = Mutex(State())
    private let wake: Int32

    private init() {
        wake = pshim_wake_fd()
        let thread = Thread { [self] in serve() }
        thread.name = "PyEmbedProcess.io"
        thread.start()
    }

    /// Watches `fd` (made non-blocking) until `handler` returns `false` or
    /// ``close(_:)`` is called; the loop owns the descriptor from now on.
    @discardableResult
    func watch(_ fd: Int32, _ handler: @escaping Handler) -> Watch {
        _ = pshim_set_nonblocking(fd, 1)
        let watch = state.withLock { state in
            state.serial += 1
            state.handlers[fd] = (state.serial, handler)
            return Watch(fd: fd, serial: state.serial)
        }
        poke()
        return watch
    }

    /// Stops the watch and closes its descriptor on the loop thread, unless
    /// its handler already finished with it. Its handler is not called again.
    func close(_ watch: Watch) {
        state.withLock { $0.toClose.append(watch) }
        poke()
    }

    /// Runs `action` on the loop thread once `delay` has passed, unless cancelled first.
    @discardableResult
    func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> Timer {
        let timer = state.withLock { state in
            state.serial += 1
            state.timers[state.serial] = (ContinuousClock.now + delay, action)
            return Timer(serial: state.serial)
        }
        poke()
        return timer
    }

    /// Cancels `timer` if it has not fired.
    func cancel(_ timer: Timer) {
        _ = state.withLock { $0.timers.removeValue(forKey: timer.serial) }
    }

    private func poke() {
        var one: UInt64 = 1
        _ = write(wake, &one, 8)
    }

    private func fireDueTimers() {
        let now = ContinuousClock.now
        let due = state.withLock { state -> [@Sendable () -> Void] in
            let ready = state.timers.filter { $0.value.deadline <= now }
            for key in ready.keys { state.timers[key] = nil }
            return ready.sorted { $0.value.deadline < $1.value.deadline }.map(\.value.action)
        }
        due.forEach { $0() }
    }

    private func serve() -> Never {
        while true {
            fireDueTimers()
            var (fds, nextDeadline) = state.withLock { state -> ([pollfd], ContinuousClock.Instant?) in
                for watch in state.toClose where state.handlers[watch.fd]?.serial == watch.serial {
                    state.handlers[watch.fd] = nil
                    Descriptors.close(watch.fd)
                }
                state.toClose.removeAll()
                return (state.handlers.keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }, state.timers.values.map(\.deadline).min())
            }
            fds.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0))
            var wait: Int32 = -1
            if let nextDeadline {
                let remaining = nextDeadline - ContinuousClock.now
                wait = remaining <= .zero ? 0 : Int32(clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            }
            guard poll(&fds, nfds_t(fds.count), wait) > 0 else { continue }
            for entry in fds where entry.revents != 0 {
                if entry.fd == wake {
                    var count: UInt64 = 0
                    _ = read(wake, &count, 8)
                    continue
                }
                let watched = state.withLock { state -> (serial: UInt64, handler: Handler)? in
                    guard let watched = state.handlers[entry.fd],
                          !state.toClose.contains(Watch(fd: entry.fd, serial: watched.serial)) else { return nil }
                    return watched
                }
                guard let watched, !watched.handler(entry.fd) else { continue }
                state.withLock { state in
                    guard state.handlers[entry.fd]?.serial == watched.serial else { return }
                    state.handlers[entry.fd] = nil
                    Descriptors.close(entry.fd)
                }
            }
        }
    }
}
