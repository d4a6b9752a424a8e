import Foundation
import ProcessShim

/// A session worker's loop: runs every job in this process, in one namespace
/// that keeps its variables, pointing descriptors 1 and 2 at the run's pipes
/// for the run's duration. Ending the session is ending the process.
struct SessionServer {
    let control: PacketSocket
    let runner: JobRunner
    /// The pid the host knows the session by (the process outside the PID namespace, if there is one).
    let hostPID: Int32

    func serve() -> Never {
        let quiet = open("/dev/null", O_WRONLY | O_CLOEXEC)
        while true {
            let received: PacketSocket.Received
            do { received = try control.receive() } catch { exit(0) }
            guard case let .packet(bytes, descriptors) = received else {
                if case .wouldBlock = received { continue }
                exit(0)
            }
            guard case let .run(id)? = ControlMessage(bytes[...]), descriptors.count == 4 else {
                descriptors.forEach(Descriptors.close)
                continue
            }
            try? control.send(.started(id: id, pid: hostPID))
            _ = dup2(descriptors[1], 1)
            _ = dup2(descriptors[2], 2)
            try? PacketSocket(fd: descriptors[0]).send([0])
            let report = runner.run(jobFile: descriptors[3])
            JobRunner.send(report, to: descriptors[0])
            _ = dup2(quiet, 1)
            _ = dup2(quiet, 2)
            // Closed before the end is reported, so the host sees the run's streams end first.
            descriptors.forEach(Descriptors.close)
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            let cpu = Int64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000 + Int64(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
            try? control.send(.ended(id: id, status: 0, cpuMicroseconds: cpu, maxResidentKiB: Int64(usage.ru_maxrss)))
        }
    }
}
