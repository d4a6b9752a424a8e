import Foundation

/// Runs `body`, which blocks (waits for a child process, reads a pipe to its end), on a
/// thread of its own and suspends until it returns.
///
/// Tests run on Swift concurrency's cooperative threads, as many as the machine has cores.
/// A test that blocks one of them while a child runs for a minute keeps every other test
/// from its turn: on a two-core CI machine a test's 10 ms polling loop did not run once in
/// over 60 s. Every wait for a child process goes through here.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

/// ``offThePool(_:)`` for a body that cannot fail.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: body()) }
    }
}
