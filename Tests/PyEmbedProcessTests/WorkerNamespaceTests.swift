import Foundation
import PyEmbed
import PyEmbedProcess
import Testing

/// Runs live in a PID namespace of their own: nothing outside it can be named,
/// so neither the host nor the worker can be signalled, stopped or traced.
@Suite("worker pool: PID namespace")
struct WorkerNamespaceTests {
    /// Tries to reach `targets` by every way of naming a process (signal 0 only
    /// checks the target exists and may be signalled), and to open their memory,
    /// environment and descriptors through the host's `/proc` (the numbers are the
    /// host's); `reached` lists what worked.
    static let probe = """
    import os, signal
    parent = os.getppid()
    reached = []
    for target in targets:
        for name in ('mem', 'environ', 'fd/0', 'fd/1', 'fd/2', 'fd/3'):
            try:
                os.close(os.open(f'/proc/{target}/{name}', os.O_RDONLY))
                reached.append(f'{name} {target}')
            except OSError:
                pass
        for way in ('kill', 'pidfd_open', 'proc_pidfd', 'killpg'):
            try:
                if way == 'kill':
                    os.kill(target, 0)
                elif way == 'pidfd_open':
                    os.close(os.pidfd_open(target))
                elif way == 'proc_pidfd':
                    fd = os.open(f'/proc/{target}', os.O_RDONLY)
                    signal.pidfd_send_signal(fd, 0)
                else:
                    os.killpg(target, 0)
                reached.append(f'{way} {target}')
            except OSError:
                pass
    """

    @Test func aRunCannotNameTheHostOrItsWorker() async throws {
        let pool = WorkerPool(configuration: WorkerConfiguration(pidNamespace: .required))
        defer { pool.shutDown() }
        try await pool.start()
        #expect(pool.isolatesProcessIDs == true)
        let worker = try #require(pool.workerProcessID)
        let targets = PythonValue.list([.int(PythonInteger(Int(getpid()))), .int(PythonInteger(Int(worker))), .int(PythonInteger(Int(getppid())))])
        let run = try await pool.run(Self.probe, inputs: ["targets": targets])
        #expect(run["parent"] == .int(0), "the worker, outside the namespace, has no number inside it")
        #expect(run["reached"] == .list([]))
        // Every process the run may signal, at once: only the namespace (the spare, say) is hit.
        let spree = try await pool.run("import os, signal\ntry:\n    os.kill(-1, signal.SIGKILL)\nexcept ProcessLookupError:\n    pass\nsurvived = True")
        #expect(spree["survived"] == .bool(true))
        #expect(pool.workerProcessID == worker, "the worker was hit")
        #expect(try await pool.run("x = 6 * 7")["x"] == .int(42))
    }

    @Test func aSessionCannotNameTheHostAndEndsOnlyItselfThroughItsGroup() async throws {
        let session = WorkerSession(configuration: WorkerConfiguration(pidNamespace: .required))
        defer { session.reset() }
        let targets = PythonValue.list([.int(PythonInteger(Int(getpid()))), .int(PythonInteger(Int(getppid())))])
        let run = try await session.run(Self.probe, inputs: ["targets": targets])
        #expect(session.isolatesProcessIDs == true)
        #expect(run["parent"] == .int(0))
        #expect(run["reached"] == .list([]))
        // Its process group is its own: signalling it ends the session, nothing else.
        do {
            _ = try await session.run("import os, signal\nos.kill(0, signal.SIGKILL)")
            Issue.record("the session survived killing its own group")
        } catch {
            guard case let .signalled(signal, _) = error else { Issue.record("got \(error)"); return }
            #expect(WorkerError.signalName(signal) == "SIGKILL")
        }
        #expect(try await session.run("y = 1")["y"] == .int(1), "a new session starts")
    }

    @Test func withoutANamespaceRunsSeeTheWorker() async throws {
        let pool = WorkerPool(configuration: WorkerConfiguration(pidNamespace: .off))
        defer { pool.shutDown() }
        let run = try await pool.run("import os\nparent = os.getppid()")
        #expect(pool.isolatesProcessIDs == false)
        #expect(run["parent"] == .int(PythonInteger(Int(try #require(pool.workerProcessID)))))
    }
}
