import Foundation
import PyEmbedProcess

/// The error a run in `pool` ends with, or `nil` when it succeeds.
func failure(
    of code: String, in pool: WorkerPool = sharedPool, options: WorkerRunOptions = WorkerRunOptions()
) async -> WorkerError? {
    do {
        _ = try await pool.run(code, options: options)
        return nil
    } catch {
        return error
    }
}

/// Seconds elapsed while running `body`.
func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
