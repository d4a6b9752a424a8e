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
        // (On a loaded machine the run has, about one time in six, ended by SIGKILL itself; not
        // explained yet, see the session note. What must hold is that nothing outside is hit.)
        do {
            let spree = try await pool.run("import os, signal\ntry:\n    os.kill(-1, signal.SIGKILL)\nexcept ProcessLookupError:\n    pass\nsurvived = True")
            #expect(spree["survived"] == .bool(true))
        } catch {
            guard case let .signalled(signal, _) = error, signal == SIGKILL else { Issue.record("got \(error)"); return }
        }
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

    // Found by the attacker review of the namespace (each failed before its fix).

    @Test func aSessionCannotMakeTheHostKillAnotherProcess() async throws {
        let victim = Process()
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        victim.executableURL = repository.appendingPathComponent(".venv/bin/python")
        // It inherits the mask of the test's thread, which blocks most signals (SIGTERM too): it clears it.
        victim.arguments = ["-c", "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_DFL)\nsignal.pthread_sigmask(signal.SIG_SETMASK, [])\ntime.sleep(600)"]
        try victim.run()
        defer { if victim.isRunning { victim.terminate() } }
        let session = WorkerSession(configuration: WorkerConfiguration(pidNamespace: .required))
        defer { session.reset() }
        // The session's code holds the control socket: it claims the run's process is the victim.
        let forge = """
            import os, socket, struct, time
            control = socket.socket(fileno=os.dup(3))
            for run in range(1, 200):
                control.send(bytes([4]) + struct.pack('<QI', run, \(victim.processIdentifier)))
            time.sleep(60)
            """
        do {
            _ = try await session.run(forge, options: WorkerRunOptions(timeout: .seconds(2)))
            Issue.record("the sleeping session run succeeded")
        } catch {}
        // Every kill the host makes for the run is sent before `run` returns. Ending the victim now with
        // SIGTERM tells the two cases apart whenever it is reaped: a process already sent SIGKILL dies of that.
        victim.terminate()
        victim.waitUntilExit()
        #expect(victim.terminationReason == .uncaughtSignal && victim.terminationStatus == SIGTERM,
                "not ended by the test's SIGTERM (\(victim.terminationReason == .exit ? "exit" : "signal") \(victim.terminationStatus)): the host killed the pid the session named")
    }

    @Test func theNamespaceInitCannotBeTracedAndSharesNothingWithTheWorker() async throws {
        let pool = WorkerPool(configuration: WorkerConfiguration(pidNamespace: .required))
        defer { pool.shutDown() }
        let code = """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            attached = libc.ptrace(16, 1, 0, 0)  # PTRACE_ATTACH to the namespace's init
            error = ctypes.get_errno()
            if attached == 0:
                libc.ptrace(17, 1, 0, 0)
            try:
                os.close(os.open('/proc/1/fd/0', os.O_RDONLY))
                opened = True
            except OSError:
                opened = False
            session, group = os.getsid(1), os.getpgid(1)
            """
        let run = try await pool.run(code)
        #expect(run["attached"] == .int(-1) && run["error"] == .int(PythonInteger(Int(EPERM))))
        #expect(run["opened"] == .bool(false))
        // Its own session and group: no terminal, and not in the worker's process group.
        #expect(run["session"] == .int(1) && run["group"] == .int(1))
    }

    @Test func aChainThatRespawnsItselfDiesWithItsRun() async throws {
        let heartbeat = temporaryPath("pyembed-chain")
        defer { try? FileManager.default.removeItem(atPath: heartbeat) }
        let pool = WorkerPool(configuration: WorkerConfiguration(pidNamespace: .required))
        defer { pool.shutDown() }
        // Each link leaves the run's group and forks a replacement when its parent dies. All carry
        // one process name (a fork inherits it), by which the test finds every one, written or not.
        let name = "chain-" + String(UInt64.random(in: 0..<(1 << 36)), radix: 16)
        let code = hostPIDFunction + """
            import ctypes, os, time
            def link(spawn):
                spawned = spawn
                if spawn and os.fork() == 0:
                    os.setsid()
                    link(False)
                while True:
                    if not spawned and os.getppid() == 1:
                        spawned = True
                        if os.fork() == 0:
                            os.setsid()
                            link(False)
                    with open(\(String(reflecting: heartbeat)), 'a') as f:
                        f.write(f'{host_pid(os.getpid())} {open("/proc/self/comm").read().strip()}\\n')
                    time.sleep(0.02)
            if os.fork() == 0:
                ctypes.CDLL(None).prctl(15, \(String(reflecting: name)).encode(), 0, 0, 0)  # PR_SET_NAME
                os.setsid()
                link(True)
            while not os.path.exists(\(String(reflecting: heartbeat))):
                time.sleep(0.01)
            """
        _ = try await pool.run(code, options: WorkerRunOptions(timeout: .seconds(60)))
        _ = try await pool.run("x = 1")
        let deadline = ContinuousClock.now + .seconds(30)
        var living = livingProcesses(named: name)
        while !living.isEmpty && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
            living = livingProcesses(named: name)
        }
        #expect(living.isEmpty, "links \(living) outlived their run")
        let lines = ((try? String(contentsOfFile: heartbeat, encoding: .utf8)) ?? "").split(separator: "\n").map { $0.split(separator: " ") }
        #expect(!lines.isEmpty && lines.allSatisfy { $0.count == 2 && $0[1] == name }, "the links did not all carry the name: \(lines)")
        for pid in Set(lines.compactMap { $0.first.flatMap { pid_t($0) } }) { #expect(await processIsGone(pid), "link \(pid) outlived its run") }
    }

    @Test func aProcessInANestedNamespaceDiesWithItsRun() async throws {
        let pidFile = temporaryPath("pyembed-nested")
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let pool = WorkerPool(configuration: WorkerConfiguration(pidNamespace: .required))
        defer { pool.shutDown() }
        // Its child is pid 1 of a namespace the run made: its last NSpid field says 1.
        let nested = try await Self.leaveBehind(in: pool, pidFile: pidFile, after: """
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            assert libc.unshare(0x10000000 | 0x20000000) == 0, ctypes.get_errno()  # CLONE_NEWUSER | CLONE_NEWPID
            """)
        #expect(await processIsGone(nested), "the nested namespace's init \(nested) outlived its run")
    }

    /// A run can reach the namespace's init (pid 1 there, the same user) and lower its
    /// descriptor limit, which stopped the init's own sweep; the worker's sweep does not
    /// depend on the init (a finding of an attacker review).
    @Test func aRunThatStarvesTheInitOfDescriptorsStillLosesWhatItLeft() async throws {
        let pidFile = temporaryPath("pyembed-starved-init")
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let pool = WorkerPool(configuration: WorkerConfiguration(pidNamespace: .required))
        defer { pool.shutDown() }
        let leftover = try await Self.leaveBehind(
            in: pool, pidFile: pidFile, after: "import resource\nresource.prlimit(1, resource.RLIMIT_NOFILE, (3, 3))", detaching: true)
        #expect(await processIsGone(leftover), "\(leftover), left by a run that starved the init, outlived the run")
    }

    /// The spare (the child forked ahead for the next run) sits in the namespace next to
    /// the running code, which can change its limits, priority, OOM score and I/O priority
    /// from outside (as root also its timer slack and core dump filter); none of that may
    /// reach the next run (findings of two attacker reviews).
    @Test(arguments: [
        // Limits, priority and OOM score: what a run can change on its own.
        """
        os.setpriority(os.PRIO_PROCESS, spare, 19)
        resource.prlimit(spare, resource.RLIMIT_NOFILE, (64, 64))
        with open(f'/proc/{spare}/oom_score_adj', 'w') as f:
            f.write('1000')
        """,
        // I/O priority; timer slack and core dump filter where the run may write them (root).
        """
        assert libc.syscall(IOPRIO_SET, 1, spare, 3 << 13) == 0, 'ioprio_set'
        for entry, value in [('timerslack_ns', '7777777'), ('coredump_filter', '0x7f')]:
            try:
                with open(f'/proc/{spare}/{entry}', 'w') as f:
                    f.write(value)
            except OSError:
                pass
        """,
    ])
    func whatARunDoesToTheSpareNeverReachesTheNextRun(change: String) async throws {
        let pool = WorkerPool(configuration: WorkerConfiguration(pidNamespace: .required))
        defer { pool.shutDown() }
        let settings = Self.ioprioSyscalls + """
            import os, resource
            nice = os.getpriority(os.PRIO_PROCESS, 0)
            files = list(resource.getrlimit(resource.RLIMIT_NOFILE))
            oom = int(open('/proc/self/oom_score_adj').read())
            slack = int(open('/proc/self/timerslack_ns').read())
            dump = open('/proc/self/coredump_filter').read()
            io = libc.syscall(IOPRIO_GET, 1, 0)
            """
        let before = try await pool.run(settings)
        let tamper = Self.ioprioSyscalls + """
            import os, resource, time
            def status(entry):
                fields = {}
                for line in open(f'/proc/{entry}/status'):
                    name, _, value = line.partition(':')
                    fields[name] = value.split()
                return fields
            mine = status('self')
            spare = None
            deadline = time.monotonic() + 60
            while spare is None and time.monotonic() < deadline:
                for entry in filter(str.isdigit, os.listdir('/proc')):
                    try:
                        fields = status(entry)
                    except OSError:
                        continue
                    inner = int(fields['NSpid'][-1])
                    if fields['PPid'] == mine['PPid'] and len(fields['NSpid']) == len(mine['NSpid']) and inner not in (1, os.getpid()) and fields['State'][0] == 'S':  # the spare waits; a discarded one is dying
                        spare = inner
                time.sleep(0.01)
            assert spare is not None, 'no spare found'

            """ + change
        _ = try await pool.run(tamper, options: WorkerRunOptions(timeout: .seconds(120)))
        let after = try await pool.run(settings)
        for name in ["nice", "files", "oom", "slack", "dump", "io"] {
            #expect(after[name] == before[name], "\(name): \(String(describing: before[name])) before, \(String(describing: after[name])) after")
        }
    }

    /// Defines `libc`, `IOPRIO_SET` and `IOPRIO_GET` (Python has no I/O priority call).
    static let ioprioSyscalls = """
        import ctypes, platform
        libc = ctypes.CDLL(None, use_errno=True)
        IOPRIO_SET, IOPRIO_GET = {'x86_64': (251, 252), 'aarch64': (30, 31)}[platform.machine()]

        """

    /// Runs code that, after `setup`, forks a process into a session of its own (which,
    /// `detaching`, forks once more and ends, so the run's process is not its parent);
    /// that process writes its host pid to `pidFile` and sleeps. Returns the pid once the run ended.
    static func leaveBehind(in pool: WorkerPool, pidFile: String, after setup: String, detaching: Bool = false) async throws -> pid_t {
        let (temporary, final) = (String(reflecting: pidFile + ".tmp"), String(reflecting: pidFile))
        let code = hostPIDFunction + setup + """

            import os, time
            if os.fork() == 0:
                os.setsid()
                if \(detaching ? "True" : "False") and os.fork() != 0:
                    os._exit(0)
                with open(\(temporary), 'w') as f:
                    f.write(str(host_pid(os.getpid())))
                os.rename(\(temporary), \(final))
                time.sleep(600)
            while not os.path.exists(\(final)):
                time.sleep(0.01)
            """
        _ = try await pool.run(code, options: WorkerRunOptions(timeout: .seconds(60)))
        return try await waitForPID(in: pidFile)
    }
}
