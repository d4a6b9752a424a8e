import Foundation
import ProcessShim

/// The PID namespace a worker's runs live in, so that code in a run cannot
/// name — and so cannot signal, stop, trace or `prlimit` — any process outside
/// it: not the host, not the worker that forked it, not the rest of the
/// user's processes. `os.getppid()` is 0 in a run, `kill(-1, …)` reaches only
/// the namespace, and the namespace dies with its init.
///
/// The worker enters a new user namespace (its user and group mapped to
/// themselves, so files keep their owners) together with the PID namespace;
/// that needs no privilege where the kernel allows unprivileged user
/// namespaces. The first child forked afterwards is the namespace's init, a
/// small loop in a session of its own that kills and reaps what is reparented
/// to it (orphans of ended runs); it ends when the worker does, and every
/// process in the namespace with it.
struct ProcessNamespace {
    /// The namespace init's pid, as the worker sees it.
    let initPID: Int32
    /// The write end of the init's lifeline: the init exits when it closes,
    /// and kills what runs left behind when a byte arrives (``sweep()``).
    let lifeline: Int32

    /// Kills every process reparented to the init: what ended runs left.
    ///
    /// The worker kills them itself, seen from outside the namespace, because code
    /// in a run can reach the init (pid 1 there, same user) and starve it — a
    /// `prlimit` of its descriptors stopped its own sweep. The init is poked too
    /// and sweeps as well (orphans that arrive between two runs).
    func sweep() {
        var poke: UInt8 = 1
        _ = write(lifeline, &poke, 1)
        _ = pshim_kill_children_of(initPID)
    }

    /// Enters a new PID namespace and forks its init; `nil` with the reason when
    /// the kernel refuses (no unprivileged user namespaces, a seccomp filter).
    /// Call it while the process is single-threaded.
    static func enter() -> Result<ProcessNamespace, SystemCallError> {
        guard pshim_enter_pid_namespace() == 0 else { return .failure(SystemCallError("unshare(CLONE_NEWUSER | CLONE_NEWPID)")) }
        let pipe: (read: Int32, write: Int32)
        do { pipe = try Descriptors.pipe() } catch { return .failure(error) }
        let pid = pshim_fork()
        if pid == 0 {
            _ = pshim_set_parent_death_signal(SIGKILL)
            Descriptors.close(pipe.write)
            // Stays not dumpable (as the worker made itself): runs cannot trace it or open its descriptors.
            pshim_close_from(3, [pipe.read], 1)
            pshim_serve_as_namespace_init(pipe.read)
        }
        Descriptors.close(pipe.read)
        // A poke never blocks the worker, whatever the init is doing.
        _ = pshim_set_nonblocking(pipe.write, 1)
        guard pid > 0 else {
            Descriptors.close(pipe.write)
            return .failure(SystemCallError("fork"))
        }
        return .success(ProcessNamespace(initPID: pid, lifeline: pipe.write))
    }
}
