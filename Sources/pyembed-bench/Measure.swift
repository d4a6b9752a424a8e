import Foundation

/// Timing results for one case, in seconds per operation.
struct Timing {
    /// Median of the repetitions' per-operation times.
    var median: Double
    /// Fastest repetition's per-operation time.
    var min: Double
    /// Operations timed in each repetition.
    var iterations: Int
    /// Repetitions taken.
    var repetitions: Int
}

/// How long a case is measured.
struct MeasurePlan {
    /// Each repetition's loop is grown until it takes at least this long.
    var loopTarget: Duration = .milliseconds(30)
    /// Number of timed repetitions (the median is reported).
    var repetitions = 9
    /// Operations run before anything is timed.
    var warmup = 3
    /// A fixed loop size (no calibration), for slow operations such as subprocesses.
    var fixedIterations: Int? = nil

    static let standard = MeasurePlan()
    /// One operation per repetition, ten repetitions: for process launches.
    static let subprocess = MeasurePlan(repetitions: 10, warmup: 1, fixedIterations: 1)
}

/// Keeps the optimizer from deleting work whose result is otherwise unused.
@inline(never) @_optimize(none)
func blackHole<T>(_ value: T) {}

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
    let (s, atto) = duration.components
    return Double(s) + Double(atto) * 1e-18
}

private func summarize(_ perOp: [Double], iterations: Int) -> Timing {
    let sorted = perOp.sorted()
    let middle = sorted.count / 2
    let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    return Timing(median: median, min: sorted[0], iterations: iterations, repetitions: sorted.count)
}

/// The next loop size when `n` operations took `elapsed`, aiming past `target`.
private func grow(_ n: Int, elapsed: Duration, target: Duration) -> Int {
    let ratio = seconds(target) / max(seconds(elapsed), 1e-9)
    let factor = Swift.min(Swift.max(ratio * 1.2, 2), 100)
    return Int((Double(n) * factor).rounded(.up))
}

/// Times a synchronous operation: warm-up, loop-size calibration, then the
/// median of several repetitions of the loop.
func measure(_ plan: MeasurePlan = .standard, _ operation: () throws -> Void) throws -> Timing {
    let clock = ContinuousClock()
    for _ in 0..<plan.warmup { try operation() }
    var n = plan.fixedIterations ?? 1
    if plan.fixedIterations == nil {
        while true {
            let elapsed = try clock.measure { for _ in 0..<n { try operation() } }
            if elapsed >= plan.loopTarget { break }
            n = grow(n, elapsed: elapsed, target: plan.loopTarget)
        }
    }
    var perOp: [Double] = []
    for _ in 0..<plan.repetitions {
        let elapsed = try clock.measure { for _ in 0..<n { try operation() } }
        perOp.append(seconds(elapsed) / Double(n))
    }
    return summarize(perOp, iterations: n)
}

/// ``measure(_:_:)`` for an async operation.
func measureAsync(_ plan: MeasurePlan = .standard, _ operation: () async throws -> Void) async throws -> Timing {
    let clock = ContinuousClock()
    for _ in 0..<plan.warmup { try await operation() }
    var n = plan.fixedIterations ?? 1
    if plan.fixedIterations == nil {
        while true {
            let start = clock.now
            for _ in 0..<n { try await operation() }
            let elapsed = clock.now - start
            if elapsed >= plan.loopTarget { break }
            n = grow(n, elapsed: elapsed, target: plan.loopTarget)
        }
    }
    var perOp: [Double] = []
    for _ in 0..<plan.repetitions {
        let start = clock.now
        for _ in 0..<n { try await operation() }
        perOp.append(seconds(clock.now - start) / Double(n))
    }
    return summarize(perOp, iterations: n)
}

/// A duration in seconds as a short human string (ns, µs, ms, s).
func formatSeconds(_ value: Double) -> String {
    switch value {
    case ..<1e-6: return String(format: "%.1f ns", value * 1e9)
    case ..<1e-3: return String(format: "%.2f µs", value * 1e6)
    case ..<1: return String(format: "%.3f ms", value * 1e3)
    default: return String(format: "%.3f s", value)
    }
}
