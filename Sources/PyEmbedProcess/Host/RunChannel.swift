import Foundation
import ProcessShim
import Synchronization

/// The host's side of one run: the pipes and the result socket it reads,
/// what arrived on them, and how the run's process ended. Its descriptors are
/// watched by the ``IOLoop``; the run is over when the process has ended (or
/// the worker was lost) and every descriptor is closed — or a short grace
/// period after the end, for streams that a leftover process still holds.
final class RunChannel: Sendable {
    /// How long streams may stay open after the process ended (long enough for a
    /// report already sent to be read on a loaded machine; only runs whose
    /// leftovers hold a stream wait for it).
    static let grace = Duration.seconds(2)

    /// Why the host stopped the run.
    enum Stop: Sendable {
        case timeout(Double)
        case cancelled
    }

    /// How the run's process ended, as the worker saw it.
    struct Ended: Sendable {
        var status: Int32
        var cpuMicroseconds: Int64
        var maxResidentKiB: Int64
    }

    /// What the run left, once it is over.
    struct Finished: Sendable {
        var output: WorkerOutput
        var reportFile: Int32?
        var ended: Ended?
        var lostReason: String?
        var stop: Stop?
        /// Whether the run's process took its job (so its code may have run).
        var started: Bool
    }

    private struct State {
        var stdout: StreamBuffer
        var stderr: StreamBuffer
        var open: [IOLoop.Watch] = []
        var reportFile: Int32?
        var pid: Int32?
        var ended: Ended?
        var lostReason: String?
        var stop: Stop?
        var graceStarted = false
        /// Whether the run's own process said it has its job (its code may have run since).
        var acknowledged = false
        var submittedAt: ContinuousClock.Instant?
        var endedAt: ContinuousClock.Instant?
        var isFinished = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    let id: UInt64
    /// The descriptors the worker's child gets: result socket, stdout, stderr, job file.
    let childDescriptors: [Int32]
    private let onOutput: (@Sendable (WorkerOutputChunk) -> Void)?
    private let state: Mutex<State>

    /// Makes the run's pipes, result socket and job file, and starts reading them.
    init(id: UInt64, job: JobSpec, options: WorkerRunOptions) throws(WorkerError) {
        self.id = id
        onOutput = options.onOutput
        state = Mutex(State(stdout: StreamBuffer(limit: options.outputLimit), stderr: StreamBuffer(limit: options.outputLimit)))
        var made: [Int32] = []
        do {
            let stdout = try Descriptors.pipe()
            made += [stdout.read, stdout.write]
            let stderr = try Descriptors.pipe()
            made += [stderr.read, stderr.write]
            let result = try Descriptors.packetPair()
            made += [result.0, result.1]
            let jobFile = try SealedMemory.make(job.record, name: "pyembed-job")
            childDescriptors = [result.1, stdout.write, stderr.write, jobFile]
            let watches = [
                IOLoop.shared.watch(stdout.read) { [weak self] fd in self?.readStream(fd, .stdout) ?? false },
                IOLoop.shared.watch(stderr.read) { [weak self] fd in self?.readStream(fd, .stderr) ?? false },
                IOLoop.shared.watch(result.0) { [weak self] fd in self?.readResult(fd) ?? false },
            ]
            state.withLock { $0.open = watches }
        } catch {
            made.forEach(Descriptors.close)
            throw .workerUnavailable("the run's pipes could not be made: \(error)")
        }
    }

    deinit {
        state.withLock { state in
            state.open.forEach(IOLoop.shared.close)
            if let file = state.reportFile { Descriptors.close(file) }
        }
    }

    /// Closes the host's copies of the child's descriptors (once they were sent, or if sending failed).
    func closeChildDescriptors() {
        childDescriptors.forEach(Descriptors.close)
    }

    /// The run was handed to the worker.
    func submitted() {
        state.withLock { $0.submittedAt = .now }
    }

    /// The run's process started.
    func started(pid: Int32) {
        state.withLock { $0.pid = pid }
    }

    /// The run's process ended.
    func ended(_ ended: Ended) {
        let startGrace = state.withLock { state -> Bool in
            state.ended = ended
            state.endedAt = state.endedAt ?? .now
            return finishIfDone(&state)
        }
        if startGrace { scheduleGrace() }
    }

    /// The worker died or the connection broke: the run is over.
    func lost(_ reason: String) {
        let startGrace = state.withLock { state -> Bool in
            if state.lostReason == nil { state.lostReason = reason }
            state.endedAt = state.endedAt ?? .now
            return finishIfDone(&state)
        }
        if startGrace { scheduleGrace() }
    }

    /// Records why the host is stopping the run (the first reason wins).
    func stop(_ reason: Stop) {
        state.withLock { state in
            if state.stop == nil && !state.isFinished { state.stop = reason }
        }
    }

    /// Kills the run's process group from the host, without asking the
    /// worker (which may be stopped or busy); a no-op before the run's process is known.
    func killProcessGroup() {
        // Never 0, 1 or -1: kill(-1) would reach every process the host may signal.
        guard let pid = state.withLock({ $0.isFinished ? nil : $0.pid }), pid > 1 else { return }
        _ = kill(-pid, SIGKILL)
        _ = kill(pid, SIGKILL)
    }

    /// Whether the worker has confirmed that it started the run's process.
    var isConfirmed: Bool { state.withLock { $0.pid != nil } }

    /// Whether the run is over.
    var isFinished: Bool { state.withLock { $0.isFinished } }

    /// Waits until the run is over and returns what it left; the report file,
    /// if any, now belongs to the caller.
    func finished() async -> Finished {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.isFinished { return true }
                state.waiter = continuation
                return false
            }
            if ready { continuation.resume() }
        }
        return state.withLock { state in
            let finished = Finished(
                output: WorkerOutput(stdout: state.stdout.text, stderr: state.stderr.text,
                                     stdoutByteCount: state.stdout.total, stderrByteCount: state.stderr.total,
                                     elapsed: state.submittedAt.map { (state.endedAt ?? .now) - $0 } ?? .zero),
                reportFile: state.reportFile, ended: state.ended, lostReason: state.lostReason, stop: state.stop,
                started: state.acknowledged || state.reportFile != nil)
            state.reportFile = nil
            return finished
        }
    }

    // MARK: Loop-thread handlers

    private func readStream(_ fd: Int32, _ stream: WorkerOutputChunk.Stream) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return true }
            if count <= 0 {
                let rest = state.withLock { state in
                    stream == .stdout ? state.stdout.flush() : state.stderr.flush()
                }
                if !rest.isEmpty { onOutput?(WorkerOutputChunk(stream: stream, text: rest)) }
                closed(fd)
                return false
            }
            let text = buffer.withUnsafeBytes { bytes in
                state.withLock { state in
                    let chunk = UnsafeRawBufferPointer(rebasing: bytes[..<count])
                    return stream == .stdout ? state.stdout.append(chunk) : state.stderr.append(chunk)
                }
            }
            if !text.isEmpty { onOutput?(WorkerOutputChunk(stream: stream, text: text)) }
        }
    }

    private func readResult(_ fd: Int32) -> Bool {
        while true {
            let received: PacketSocket.Received
            do { received = try PacketSocket(fd: fd).receive() } catch {
                closed(fd)
                return false
            }
            switch received {
            case .wouldBlock: return true
            case .closed:
                closed(fd)
                return false
            case let .packet(_, fds):
                // A packet without a file is the process's acknowledgement; the first report counts,
                // and more (the run's code could send some) are dropped.
                var extra = fds
                state.withLock { state in
                    state.acknowledged = true
                    if state.reportFile == nil, let first = extra.first {
                        state.reportFile = first
                        extra.removeFirst()
                    }
                }
                extra.forEach(Descriptors.close)
            }
        }
    }

    /// A watched descriptor reached its end (its handler returns `false`, so the loop closes it).
    private func closed(_ fd: Int32) {
        let startGrace = state.withLock { state -> Bool in
            state.open.removeAll { $0.fd == fd }
            return finishIfDone(&state)
        }
        if startGrace { scheduleGrace() }
    }

    /// Finishes the run when it is over; returns whether the grace period should start.
    private func finishIfDone(_ state: inout State) -> Bool {
        guard !state.isFinished else { return false }
        if state.open.isEmpty && (state.reportFile != nil || state.ended != nil || state.lostReason != nil) {
            // A report with every stream closed is the whole run; the process's exit adds nothing to wait for.
            state.endedAt = state.endedAt ?? .now
            finish(&state)
            return false
        }
        guard state.ended != nil || state.lostReason != nil else { return false }
        defer { state.graceStarted = true }
        return !state.graceStarted
    }

    private func finish(_ state: inout State) {
        state.isFinished = true
        state.open.forEach(IOLoop.shared.close)
        state.open = []
        // Resumed on the I/O thread, never under this lock: resuming takes the task's own lock,
        // which a cancellation (whose handler reads this state) holds while it waits for this one.
        if let waiter = state.waiter { IOLoop.shared.schedule(after: .zero) { waiter.resume() } }
        state.waiter = nil
    }

    private func scheduleGrace() {
        IOLoop.shared.schedule(after: Self.grace) { [weak self] in
            self?.state.withLock { state in
                if !state.isFinished { self?.finish(&state) }
            }
        }
    }
}
