import Foundation
import ProcessShim
import Synchronization

/// One running `pyembed-worker` process and its control socket: starts it,
/// waits until it is ready, hands it runs, routes its messages to the runs'
/// channels, and notices when it dies.
final class WorkerConnection: Sendable {
    private enum Phase {
        case starting([CheckedContinuation<Void, any Error>])
        case ready
        case dead(String)
    }

    private struct State {
        var phase: Phase = .starting([])
        var runs: [UInt64: RunChannel] = [:]
        var stderrTail: [UInt8] = []
        var preloaded: [String] = []
        var isolatesProcessIDs = false
    }

    /// The worker's process id.
    let pid: Int32
    /// How the worker serves runs: in a session, the worker's own end is its run's end.
    let mode: WorkerProcess.Mode
    private let control: Int32
    private let controlWatch: Mutex<IOLoop.Watch?> = Mutex(nil)
    private let state = Mutex(State())

    /// Starts a worker in `mode`.
    init(configuration: WorkerConfiguration, mode: WorkerProcess.Mode) throws(WorkerError) {
        let executable = try WorkerLocator.locate(explicit: configuration.executable)
        if configuration.hardensHost { _ = pshim_set_dumpable(0) }
        var arguments = [executable, "--mode", mode.rawValue, "--preload", configuration.preload.joined(separator: ",")]
        arguments += ["--pid-namespace", configuration.pidNamespace.rawValue]
        if !configuration.prelude.isEmpty { arguments += ["--prelude", configuration.prelude] }
        if let adapter = configuration.inputAdapter { arguments += ["--input-adapter", adapter] }
        for path in configuration.recognisedExceptions { arguments += ["--recognise", path] }
        switch configuration.environment {
        case .automatic: break
        case let .venv(path): arguments += ["--venv", path]
        case .system: arguments.append("--system")
        }
        let sockets: (Int32, Int32), errors: (read: Int32, write: Int32)
        do {
            sockets = try Descriptors.packetPair()
            errors = try Descriptors.pipe()
        } catch {
            throw .workerUnavailable("the worker's control socket could not be made: \(error)")
        }
        defer {
            Descriptors.close(sockets.1)
            Descriptors.close(errors.write)
        }
        var pid: pid_t = 0
        // A copy of the environment, not `environ` itself: another thread (an in-process run
        // restoring `os.environ`) may reallocate that array while the spawn reads it.
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let spawned = Self.withCStrings(arguments) { argv in
            Self.withCStrings(environment) { envp in pshim_spawn(executable, argv, envp, sockets.1, errors.write, &pid) }
        }
        guard spawned == 0 else {
            let error = SystemCallError("posix_spawn")
            Descriptors.close(sockets.0)
            Descriptors.close(errors.read)
            throw .workerUnavailable("\(executable) could not be started: \(error)")
        }
        self.pid = pid
        self.mode = mode
        control = sockets.0
        controlWatch.withLock { $0 = IOLoop.shared.watch(sockets.0) { [weak self] fd in self?.readControl(fd) ?? false } }
        IOLoop.shared.watch(errors.read) { [weak self] fd in self?.readErrors(fd) ?? false }
        let reaper = Thread { [weak self, pid] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            self?.died(Self.describe(status: status), status: status)
        }
        reaper.name = "PyEmbedProcess.reaper"
        reaper.start()
        let timeout = configuration.startTimeout
        IOLoop.shared.schedule(after: timeout) { [weak self] in self?.startTimedOut(timeout) }
    }

    deinit {
        shutDown()
    }

    /// Waits until the worker has started Python and preloaded its modules.
    func ready() async throws(WorkerError) {
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let result = state.withLock { state -> Result<Void, WorkerError>? in
                    switch state.phase {
                    case let .starting(waiters):
                        state.phase = .starting(waiters + [continuation])
                        return nil
                    case .ready: return .success(())
                    case let .dead(reason): return .failure(.workerUnavailable(reason))
                    }
                }
                if let result { continuation.resume(with: result) }
            }
        } catch let error as WorkerError {
            throw error
        } catch {
            throw .workerUnavailable("\(error)")
        }
    }

    /// Whether the worker is still alive (or still starting).
    var isAlive: Bool {
        state.withLock { if case .dead = $0.phase { false } else { true } }
    }

    /// The modules the worker preloaded.
    var preloaded: [String] { state.withLock { $0.preloaded } }
    /// Whether the worker's runs have a PID namespace of their own.
    var isolatesProcessIDs: Bool { state.withLock { $0.isolatesProcessIDs } }

    /// Hands `channel`'s run to the worker.
    func submit(_ channel: RunChannel) throws(WorkerError) {
        defer { channel.closeChildDescriptors() }
        let refusal = state.withLock { state -> String? in
            if case let .dead(reason) = state.phase { return reason }
            state.runs[channel.id] = channel
            return nil
        }
        if let refusal { throw .workerUnavailable(refusal) }
        do {
            channel.submitted()
            try PacketSocket(fd: control).send(.run(id: channel.id), fds: channel.childDescriptors)
        } catch {
            _ = state.withLock { $0.runs.removeValue(forKey: channel.id) }
            throw .workerUnavailable("the run could not be sent to the worker: \(error)")
        }
    }

    /// Gives up on the worker (it stopped answering): kills it and fails its runs in flight.
    func abandon(_ reason: String) {
        died(reason)
    }

    /// Asks the worker to kill the run's process group.
    func kill(_ id: UInt64) {
        try? PacketSocket(fd: control).send(.kill(id: id))
    }

    /// Ends the worker: closing its control socket makes it kill its runs and exit.
    func shutDown() {
        controlWatch.withLock { watch in
            if let current = watch { IOLoop.shared.close(current) }
            watch = nil
        }
    }

    /// Kills the worker process and its process group (it leads one): in
    /// session mode, the session's run and the processes it started.
    func killProcess() {
        _ = Glibc.kill(-pid, SIGKILL)
        _ = Glibc.kill(pid, SIGKILL)
    }

    // MARK: Loop-thread handlers

    private func readControl(_ fd: Int32) -> Bool {
        while true {
            let received: PacketSocket.Received
            do { received = try PacketSocket(fd: fd).receive() } catch {
                died("its control socket failed: \(error)")
                return false
            }
            switch received {
            case .wouldBlock: return true
            case .closed:
                // A session's process is its run's: let the reaper report how it ended (killing it if it lives on).
                if mode == .session { killProcess() } else { died("it closed its control socket") }
                return false
            case let .packet(bytes, fds):
                fds.forEach(Descriptors.close)
                guard let message = ControlMessage(bytes[...]) else { continue }
                handle(message)
            }
        }
    }

    private func handle(_ message: ControlMessage) {
        switch message {
        case let .ready(_, isolatesProcessIDs, preloaded):
            let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
                guard case let .starting(waiters) = state.phase else { return [] }
                state.phase = .ready
                state.preloaded = preloaded.split(separator: ",").map(String.init)
                state.isolatesProcessIDs = isolatesProcessIDs
                return waiters
            }
            waiters.forEach { $0.resume() }
        case let .startFailed(reason):
            died("it could not start: \(reason)")
        case let .started(id, pid):
            // A session's code holds the control socket and could name any pid here:
            // the host kills a session by the process it spawned, never by a reported pid.
            state.withLock { $0.runs[id] }?.started(pid: mode == .session ? self.pid : pid)
        case let .ended(id, status, cpu, rss):
            state.withLock { $0.runs.removeValue(forKey: id) }?
                .ended(RunChannel.Ended(status: status, cpuMicroseconds: cpu, maxResidentKiB: rss))
        case .run, .kill:
            break
        }
    }

    private func readErrors(_ fd: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return true }
            if count <= 0 { return false }
            state.withLock { state in
                state.stderrTail.append(contentsOf: buffer[..<count])
                if state.stderrTail.count > 8192 { state.stderrTail.removeFirst(state.stderrTail.count - 8192) }
            }
        }
    }

    /// The worker is gone: fail its waiters and its runs in flight.
    private func died(_ reason: String, status: Int32? = nil) {
        // A worker the host gave up on must not live on (a session could be spinning in a run).
        defer { killProcess() }
        let (waiters, runs, message) = state.withLock { state -> ([CheckedContinuation<Void, any Error>], [RunChannel], String) in
            if case let .dead(previous) = state.phase { return ([], [], previous) }
            let tail = String(decoding: state.stderrTail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let message = "the worker process \(pid) ended: \(reason)" + (tail.isEmpty ? "" : "; its last error output: \(tail.suffix(2000))")
            var waiters: [CheckedContinuation<Void, any Error>] = []
            if case let .starting(pending) = state.phase { waiters = pending }
            state.phase = .dead(message)
            let runs = Array(state.runs.values)
            state.runs = [:]
            return (waiters, runs, message)
        }
        waiters.forEach { $0.resume(throwing: WorkerError.workerUnavailable(message)) }
        if mode == .session, let status {
            runs.forEach { $0.ended(RunChannel.Ended(status: status, cpuMicroseconds: 0, maxResidentKiB: 0)) }
        } else {
            runs.forEach { $0.lost(message) }
        }
    }

    private func startTimedOut(_ timeout: Duration) {
        let starting = state.withLock { if case .starting = $0.phase { true } else { false } }
        guard starting else { return }
        died("it did not become ready within \(timeout)")
        killProcess()
    }

    /// `exited with status N` or `killed by SIGNAME`.
    static func describe(status: Int32) -> String {
        let signal = pshim_term_signal(status)
        return signal != 0 ? "killed by \(WorkerError.signalName(signal))" : "exited with status \(pshim_exit_code(status))"
    }

    /// Runs `body` with `strings` as a NULL-terminated C array.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}
