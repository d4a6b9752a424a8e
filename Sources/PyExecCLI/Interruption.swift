import Dispatch
import Foundation
import Synchronization

/// Ctrl-C (`SIGINT`) and `SIGTERM` cancel the run instead of ending `pyexec`
/// at once: the run's process is killed, the workflow stops without retrying,
/// and the answer (the documented error object with `--json`) is still printed.
enum Interruption {
    /// The exit status after an interruption (128 + `SIGINT`, as shells report it).
    static let status: Int32 = 130

    /// Runs `body` as a task that the two signals cancel; returns its result and
    /// whether a signal arrived.
    static func cancellable<T: Sendable>(
        _ body: @escaping @Sendable () async throws -> T
    ) async -> (result: Result<T, any Error>, interrupted: Bool) {
        let task = Task { try await body() }
        let interrupted = Atomic<Bool>(false)
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                interrupted.store(true, ordering: .relaxed)
                task.cancel()
            }
            source.resume()
            return source
        }
        let result = await task.result
        sources.forEach { $0.cancel() }
        return (result, interrupted.load(ordering: .relaxed))
    }
}
