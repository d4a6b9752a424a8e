import CPythonShim
import Foundation
import ProcessShim

/// The zygote's loop: forks one child per run from the warm process, reaps
/// children, reports their end, and kills a run's process group on request.
///
/// Children start their own session (`setsid`), so each run is a process
/// group that can be killed whole; they die with the zygote
/// (`PR_SET_PDEATHSIG`); orphans of runs are reparented to the zygote
/// (`PR_SET_CHILD_SUBREAPER`) and reaped. When the host closes the control
/// socket, every run is killed and the zygote exits.
struct ForkServer {
    let control: PacketSocket
    let runner: JobRunner

    func serve() -> Never {
        _ = pshim_become_subreaper()
        let signals = pshim_sigchld_fd()
        var running: [Int32: UInt64] = [:]  // child pid → run id
        var fds = [pollfd(fd: control.fd, events: Int16(POLLIN), revents: 0), pollfd(fd: signals, events: Int16(POLLIN), revents: 0)]
        while true {
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { shutDown(running) }
            if fds[1].revents != 0 {
                _ = pshim_drain_signal_fd(signals)
                reap(&running)
            }
            guard fds[0].revents != 0 else { continue }
            let received: PacketSocket.Received
            do { received = try control.receive() } catch { shutDown(running) }
            switch received {
            case .wouldBlock: continue
            case .closed: shutDown(running)
            case let .packet(bytes, descriptors):
                switch ControlMessage(bytes[...]) {
                case let .run(id)? where descriptors.count == 4:
                    if let pid = fork(id, descriptors, signals: signals) {
                        running[pid] = id
                        try? control.send(.started(id: id, pid: pid))
                    } else {
                        try? control.send(.ended(id: id, status: -1, cpuMicroseconds: 0, maxResidentKiB: 0))
                    }
                case let .kill(id)?:
                    for (pid, run) in running where run == id { Self.killGroup(pid) }
                default:
                    break
                }
                descriptors.forEach(Descriptors.close)
            }
        }
    }

    /// Forks the run's child; returns its pid in the zygote, never returns in the child.
    private func fork(_ id: UInt64, _ descriptors: [Int32], signals: Int32) -> Int32? {
        let (result, stdout, stderr, job) = (descriptors[0], descriptors[1], descriptors[2], descriptors[3])
        let zygote = getpid()
        return runner.runtime.withGIL { gil -> Int32? in
            PyOS_BeforeFork()
            let pid = pshim_fork()
            guard pid == 0 else {
                PyOS_AfterFork_Parent()
                return pid > 0 ? pid : nil
            }
            PyOS_AfterFork_Child()
            _ = setsid()
            _ = pshim_set_parent_death_signal(SIGKILL)
            if getppid() != zygote { _exit(71) }
            pshim_reset_signals()
            Descriptors.close(control.fd)
            Descriptors.close(signals)
            guard pshim_move_fd(stdout, 1) == 0, pshim_move_fd(stderr, 2) == 0 else { _exit(72) }
            [result, job].withUnsafeBufferPointer { pshim_close_from(3, $0.baseAddress, 2) }
            var report = runner.run(jobFile: job)
            report.recordUsage()
            JobRunner.send(report, to: result)
            // The host's run is complete once the report is in and these are closed: it need not wait for the exit.
            [1, 2, result].forEach(Descriptors.close)
            _exit(0)
        }
    }

    /// Reaps every ended child; reports runs and kills what they left in their group.
    private func reap(_ running: inout [Int32: UInt64]) {
        var status: Int32 = 0, cpu: Int64 = 0, rss: Int64 = 0
        while true {
            let pid = pshim_reap(&status, &cpu, &rss)
            guard pid > 0 else { return }
            guard let id = running.removeValue(forKey: pid) else { continue }
            Self.killGroup(pid)
            try? control.send(.ended(id: id, status: status, cpuMicroseconds: cpu, maxResidentKiB: rss))
        }
    }

    /// Kills the process group a run leads, and the run's process itself.
    static func killGroup(_ pid: Int32) {
        _ = kill(-pid, SIGKILL)
        _ = kill(pid, SIGKILL)
    }

    private func shutDown(_ running: [Int32: UInt64]) -> Never {
        running.keys.forEach(Self.killGroup)
        exit(0)
    }
}
