import CPythonShim
import Foundation
import ProcessShim

/// The zygote's loop: keeps one child forked ahead (a *spare*, already past
/// the fork's set-up and waiting for a job), hands each run to the spare and
/// forks the next one, reaps children, reports their end, and kills a run's
/// process group on request. The fork — copying a warm interpreter's page
/// tables takes milliseconds — is so off the path of a run when runs arrive
/// one after another.
///
/// Children start their own session (`setsid`), so each run is a process
/// group that can be killed whole; they die with the zygote
/// (`PR_SET_PDEATHSIG`); orphans of runs are reparented to the zygote
/// (`PR_SET_CHILD_SUBREAPER`) and reaped. When the host closes the control
/// socket, every run is killed and the zygote exits.
///
/// With a ``ProcessNamespace``, children are forked into it (the zygote stays
/// outside, so the pids it reports are the host's): orphans then go to the
/// namespace's init, which kills them when one of its children ends and when
/// the zygote asks after every run's end.
final class ForkServer {
    private let control: PacketSocket
    private let runner: JobRunner
    private let signals: Int32
    private let zygote = getpid()
    /// Runs in flight: child pid → run id.
    private var running: [Int32: UInt64] = [:]
    /// The child forked ahead, and the zygote's end of the socket it waits on.
    private var spare: (pid: Int32, socket: Int32)?
    /// The limits the worker started with, put back before every fork.
    private let limits = ResourceLimits()
    /// The OOM score adjustment, timer slack and core dump filter the worker started with, put back before every fork.
    private let ownSettings: (oomAdjustment: Int, timerSlack: Int, coredumpFilter: Int)?
    /// The PID namespace runs are forked into, if any.
    private let namespace: ProcessNamespace?

    init(control: PacketSocket, runner: JobRunner, namespace: ProcessNamespace?) {
        self.control = control
        self.runner = runner
        self.namespace = namespace
        _ = pshim_become_subreaper()
        signals = pshim_sigchld_fd()
        var oomAdjustment = 0, timerSlack = 0, coredumpFilter = 0
        ownSettings = pshim_get_own_settings(&oomAdjustment, &timerSlack, &coredumpFilter) == 0
            ? (oomAdjustment, timerSlack, coredumpFilter) : nil
    }

    func serve() -> Never {
        forkSpare()
        var fds = [pollfd(fd: control.fd, events: Int16(POLLIN), revents: 0), pollfd(fd: signals, events: Int16(POLLIN), revents: 0)]
        while true {
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { shutDown() }
            if fds[1].revents != 0 {
                _ = pshim_drain_signal_fd(signals)
                reap()
            }
            guard fds[0].revents != 0 else { continue }
            let received: PacketSocket.Received
            do { received = try control.receive() } catch { shutDown() }
            switch received {
            case .wouldBlock: continue
            case .closed: shutDown()
            case let .packet(bytes, descriptors):
                switch ControlMessage(bytes[...]) {
                case let .run(id)? where descriptors.count == 4:
                    start(id, descriptors)
                case let .kill(id)?:
                    for (pid, run) in running where run == id { Self.killGroup(pid) }
                default:
                    break
                }
                // Closed before the next spare is forked, so that it does not hold the run's pipes open.
                descriptors.forEach(Descriptors.close)
                forkSpare()
            }
        }
    }

    /// Hands the run to the spare, or forks a child for it if there is none.
    private func start(_ id: UInt64, _ descriptors: [Int32]) {
        // The worker's own settings first (the spare is compared with them, a fresh child inherits them).
        putBackOwnSettings()
        var pid: Int32?
        if let waiting = spare, Self.isStopped(waiting.pid) || Self.isEnding(waiting.pid) || pshim_settings_match(waiting.pid) != 1 {
            // Stopped from outside (another run's signal), it would sit on the job; with its limits,
            // priority, CPUs or OOM score changed from outside (`prlimit`, `renice`, `taskset`),
            // it would hand them to the job. A fresh child inherits the worker's own.
            Self.killGroup(waiting.pid)
            Descriptors.close(waiting.socket)
            spare = nil
        }
        if let waiting = spare {
            spare = nil
            if (try? PacketSocket(fd: waiting.socket).send([1], fds: descriptors)) != nil {
                pid = waiting.pid
            } else {
                Self.killGroup(waiting.pid)
            }
            Descriptors.close(waiting.socket)
        }
        if pid == nil, let child = fork(then: { self.run(descriptors) }) { pid = child }
        if let pid {
            running[pid] = id
            try? control.send(.started(id: id, pid: pid))
        } else {
            try? control.send(.ended(id: id, status: -1, cpuMicroseconds: 0, maxResidentKiB: 0))
        }
    }

    /// Puts back what another process may have changed from outside (limits through
    /// `prlimit`; OOM score, timer slack and core dump filter through `/proc`), so that it never reaches
    /// later runs; ends the worker when something cannot be put back.
    private func putBackOwnSettings() {
        if !limits.restore().isEmpty { shutDown() }
        if let ownSettings, pshim_restore_own_settings(ownSettings.oomAdjustment, ownSettings.timerSlack, ownSettings.coredumpFilter) != 0 {
            shutDown()
        }
    }

    /// Forks a child that waits for one job on a socket of its own.
    private func forkSpare() {
        guard spare == nil else { return }
        putBackOwnSettings()
        guard let (mine, theirs) = try? Descriptors.packetPair() else { return }
        let pid = fork {
            Descriptors.close(mine)
            let received = try? PacketSocket(fd: theirs).receive()
            guard case let .packet(_, descriptors)? = received, descriptors.count == 4 else { _exit(0) }
            Descriptors.close(theirs)
            self.run(descriptors)
        }
        Descriptors.close(theirs)
        if let pid { spare = (pid, mine) } else { Descriptors.close(mine) }
    }

    /// Forks; in the child, sets it up as a run's process and calls `body`,
    /// which never returns. Returns the child's pid in the zygote.
    private func fork(then body: () -> Never) -> Int32? {
        runner.runtime.withGIL { _ -> Int32? in
            PyOS_BeforeFork()
            let pid = pshim_fork()
            guard pid == 0 else {
                PyOS_AfterFork_Parent()
                return pid > 0 ? pid : nil
            }
            PyOS_AfterFork_Child()
            _ = setsid()
            // Processes the run detaches become the run's own children, and die when it ends
            // (the zygote's sweep), not when some other run ends.
            _ = pshim_become_subreaper()
            _ = pshim_set_parent_death_signal(SIGKILL)
            // In the namespace the zygote, outside it, is pid 0; pid 1 (its init) would mean the zygote already ended.
            if getppid() != (namespace == nil ? zygote : 0) { _exit(71) }
            pshim_reset_signals()
            Descriptors.close(control.fd)
            Descriptors.close(signals)
            if let spare { Descriptors.close(spare.socket) }
            if let namespace { Descriptors.close(namespace.lifeline) }
            body()
        }
    }

    /// The run's body in a child: its descriptors in place, the job run, the report sent.
    private func run(_ descriptors: [Int32]) -> Never {
        let (result, stdout, stderr, job) = (descriptors[0], descriptors[1], descriptors[2], descriptors[3])
        guard pshim_move_fd(stdout, 1) == 0, pshim_move_fd(stderr, 2) == 0 else { _exit(72) }
        [result, job].withUnsafeBufferPointer { pshim_close_from(3, $0.baseAddress, 2) }
        // Tells the host the run's own process has its job: from here on, its code may run.
        try? PacketSocket(fd: result).send([0])
        let tampered = limits.restore()
        var report = tampered.isEmpty
            ? runner.run(jobFile: job)
            : RunReport(outcome: .setupFailed("the run's resource limits \(tampered) were changed from outside and could not be put back"))
        report.recordUsage()
        JobRunner.send(report, to: result)
        // The host's run is complete once the report is in and these are closed: it need not wait for the exit.
        [1, 2, result].forEach(Descriptors.close)
        _exit(0)
    }

    /// Reaps every ended child; reports runs, kills what they left in their
    /// group, kills processes they detached, replaces a lost spare.
    private func reap() {
        defer {
            killDetached()
            forkSpare()
        }
        var status: Int32 = 0, cpu: Int64 = 0, rss: Int64 = 0
        while true {
            let pid = pshim_reap(&status, &cpu, &rss)
            guard pid > 0 else { break }
            // Its init gone, the namespace is gone: every run in it was killed, and no child can be forked.
            if pid == namespace?.initPID { shutDown() }
            if pid == spare?.pid, let lost = spare {
                Descriptors.close(lost.socket)
                spare = nil
            }
            guard let id = running.removeValue(forKey: pid) else { continue }
            Self.killGroup(pid)
            try? control.send(.ended(id: id, status: status, cpuMicroseconds: cpu, maxResidentKiB: rss))
        }
    }

    /// Kills every child of the zygote that is neither a run in flight, the
    /// spare nor the namespace's init: a process a run detached (its parent
    /// exited, so it was reparented to the subreaper), even one that left the
    /// run's process group with `setsid`. Its death is reaped, which checks
    /// again, so a chain of detached processes is killed link by link. In a
    /// namespace, orphans go to its init instead, which is asked to do the same.
    private func killDetached() {
        namespace?.sweep()
        var pids = [pid_t](repeating: 0, count: 4096)
        let count = pshim_children(zygote, &pids, Int32(pids.count))
        guard count > 0 else { return }
        for pid in pids[..<Int(count)] where running[pid] == nil && pid != spare?.pid && pid != namespace?.initPID {
            Self.killGroup(pid)
        }
    }

    /// Whether `pid` is stopped (`T`) or traced (`t`), from `/proc/PID/stat`.
    static func isStopped(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state == "T" || state == "t"
    }

    /// Whether `pid` has ended (a zombie not yet reaped) or has a `SIGKILL` pending —
    /// a run's `kill(-1, SIGKILL)` reaches the spare too — so that it would die holding a job.
    static func isEnding(_ pid: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return true }
        let kill = UInt64(1) << UInt64(SIGKILL - 1)
        for line in status.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == ":" || $0 == "\t" || $0 == " " })
            guard fields.count >= 2 else { continue }
            switch fields[0] {
            case "State" where fields[1] == "Z" || fields[1] == "X": return true
            case "SigPnd", "ShdPnd": if let mask = UInt64(fields[1], radix: 16), mask & kill != 0 { return true }
            default: break
            }
        }
        return false
    }

    /// Kills the process group a run leads, and the run's process itself.
    static func killGroup(_ pid: Int32) {
        _ = kill(-pid, SIGKILL)
        _ = kill(pid, SIGKILL)
    }

    private func shutDown() -> Never {
        running.keys.forEach(Self.killGroup)
        if let spare { Self.killGroup(spare.pid) }
        // Its init's end ends everything still in the namespace.
        if let namespace { _ = kill(namespace.initPID, SIGKILL) }
        exit(0)
    }
}
