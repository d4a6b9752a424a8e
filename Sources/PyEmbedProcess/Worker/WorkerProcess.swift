import CPythonShim
import Foundation
import ProcessShim

/// The worker executable's body (`pyembed-worker`): starts Python on the main
/// thread, imports the preload list, tells the host it is ready on
/// descriptor 3, then serves runs — as a fork server (one child per run) or as
/// a session (runs in itself, keeping variables).
///
/// It stays single-threaded so that `fork` copies a consistent process: BLAS
/// thread pools are limited to one thread through the environment before
/// Python starts, PyEmbed's interpreter thread is never created
/// (``PythonRuntime/startOnCurrentThread(_:)``), and the thread count is
/// checked before every fork.
public enum WorkerProcess {
    /// How the worker serves runs.
    public enum Mode: String, Sendable {
        /// A zygote that forks one child per run.
        case forkServer = "fork-server"
        /// A persistent process that runs every job itself, in one namespace.
        case session
    }

    /// The control socket the host passes as descriptor 3.
    static let controlDescriptor: Int32 = 3

    /// Runs the worker with its command-line `arguments` (without the program
    /// name): `--mode fork-server|session`, `--venv PATH` or `--system`, `--preload a,b,c`, `--prelude CODE`,
    /// `--input-adapter MODULE.FUNCTION`, `--pid-namespace automatic|required|off`.
    public static func main(arguments: [String]) -> Never {
        // Crash signals to their default action: a handler from the Swift runtime could return from a raised SIGSEGV.
        pshim_reset_signals()
        // Other processes of the user (runs among them) may not read or write this one through /proc or ptrace.
        _ = pshim_set_dumpable(0)
        let control = PacketSocket(fd: controlDescriptor)
        var mode = Mode.forkServer, venv: String?, useSystem = false, prelude = "", inputAdapter: String?, preload = ["numpy", "pandas", "matplotlib", "matplotlib.pyplot"]
        var pidNamespace = PIDNamespacePolicy.automatic, recognised: [String] = []
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--mode": mode = iterator.next().flatMap(Mode.init(rawValue:)) ?? mode
            case "--venv": venv = iterator.next()
            case "--system": useSystem = true
            case "--prelude": prelude = iterator.next() ?? ""
            case "--input-adapter": inputAdapter = iterator.next()
            case "--recognise": recognised += iterator.next().map { [$0] } ?? []
            case "--preload": preload = (iterator.next() ?? "").split(separator: ",").map(String.init)
            case "--pid-namespace":
                guard let policy = iterator.next().flatMap(PIDNamespacePolicy.init(rawValue:)) else { fail(control, "--pid-namespace takes automatic, required or off") }
                pidNamespace = policy
            default: fail(control, "unknown argument \(argument)")
            }
        }
        // Before Python starts: entering a user namespace needs a single-threaded process.
        let namespace = enterNamespace(pidNamespace, control)
        // The pid the host knows this worker by; a session's own process may be inside the namespace.
        let hostPID = getpid()
        if mode == .session, let namespace { runSessionInside(namespace, control) }
        // One BLAS thread: thread pools would make the fork unsafe.
        for name in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"] { setenv(name, "1", 1) }
        setenv("MPLBACKEND", "Agg", 1)
        let runtime: PythonRuntime
        do {
            runtime = try PythonRuntime.startOnCurrentThread(useSystem ? .system : venv.map { .venv($0) } ?? .automatic)
        } catch {
            fail(control, "\(error)")
        }
        let loaded = runtime.withGIL { gil in warmUp(preload, gil) }
        if !prelude.isEmpty {
            let failure = runtime.withGIL { gil -> PyEmbedError? in
                do {
                    _ = try gil.run(prelude, options: RunOptions(filename: "<pyembed-worker prelude>", capturesOutput: false))
                    return nil
                } catch let error as PyEmbedError { return error } catch { return .invalidArgument("\(error)") }
            }
            if let failure { fail(control, "the prelude failed: \(failure)") }
        }
        for path in recognised {
            let failure = runtime.withGIL { gil -> PyEmbedError? in
                do throws(PyEmbedError) { try gil.recogniseExceptions(of: path); return nil } catch { return error }
            }
            if let failure { fail(control, "the exception class \(path) could not be registered: \(failure)") }
        }
        if mode == .forkServer { freezeHeap(runtime) }
        let threads = pshim_thread_count()
        guard mode == .session || threads == 1 else {
            fail(control, "the worker has \(threads) threads after preloading \(loaded.joined(separator: ", ")); it must have one to fork safely")
        }
        let runner = JobRunner(
            runtime: runtime, isSession: mode == .session, baselineAddressSpace: JobRunner.addressSpaceSize(), inputAdapter: inputAdapter)
        do {
            try control.send(.ready(pid: hostPID, isolatesProcessIDs: namespace != nil, preloaded: loaded.joined(separator: ",")))
        } catch {
            exit(1)
        }
        switch mode {
        case .forkServer: ForkServer(control: control, runner: runner, namespace: namespace).serve()
        case .session: SessionServer(control: control, runner: runner, hostPID: hostPID).serve()
        }
    }

    /// Enters a PID namespace for the runs as `policy` asks; `nil` when off or
    /// (for ``PIDNamespacePolicy/automatic``) refused. A required one that is refused ends the worker.
    private static func enterNamespace(_ policy: PIDNamespacePolicy, _ control: PacketSocket) -> ProcessNamespace? {
        guard policy != .off else { return nil }
        switch ProcessNamespace.enter() {
        case let .success(namespace): return namespace
        case let .failure(error):
            if policy == .required { fail(control, "runs need a PID namespace of their own, and the kernel refused one: \(error)") }
            return nil
        }
    }

    /// A session runs its jobs in its own process, so that process must be
    /// inside the namespace: forks it there and returns in it; this (outer)
    /// process waits and ends as it ends, and the host keeps its pid.
    private static func runSessionInside(_ namespace: ProcessNamespace, _ control: PacketSocket) {
        let pid = pshim_fork()
        if pid < 0 { fail(control, "the session's process could not be forked: \(SystemCallError("fork"))") }
        // The outer process keeps the control socket open until it ends, so that the host sees
        // the socket close no earlier than the process it waits for (and reads how it ended).
        guard pid == 0 else { pshim_end_as_child_ends(pid, namespace.initPID) }
        _ = pshim_set_parent_death_signal(SIGKILL)
        // Its parent is outside the namespace (pid 0 here); pid 1 means the outer process already ended.
        if getppid() != 0 { _exit(71) }
        // A session of its own: no controlling terminal, and its process group holds only what it starts.
        _ = setsid()
        Descriptors.close(namespace.lifeline)
    }

    /// Imports what can be imported of `modules`, loads PyEmbed's own helpers
    /// by converting small values, and makes the standard streams line-buffered
    /// so a run's output reaches the host as it is written.
    private static func warmUp(_ modules: [String], _ gil: GIL) -> [String] {
        var loaded: [String] = []
        for module in modules {
            if let imported = PyImport_ImportModule(module) {
                pyshim_decref(imported)
                loaded.append(module)
            } else {
                PyErr_Clear()
            }
        }
        let probe = """
        import sys
        for stream in (sys.__stdout__, sys.__stderr__):
            stream.reconfigure(line_buffering=True, write_through=True)
        warm = {'text': 'x', 'when': __import__('datetime').datetime(2020, 1, 1)}
        if 'numpy' in sys.modules:
            warm['array'] = sys.modules['numpy'].zeros(2)
        if 'pandas' in sys.modules:
            warm['frame'] = sys.modules['pandas'].DataFrame({'a': [1, 2]})
        """
        if let output = try? gil.run(probe, options: RunOptions(filename: "<pyembed-worker warm-up>", capturesOutput: false)) {
            _ = try? output.value("warm", as: PythonValue.self, gil)
        }
        JobRunner.flushStandardStreams(gil)
        return loaded
    }

    /// Moves every object the warm worker holds out of the garbage collector's
    /// reach (`gc.freeze()`): a collection in a child then never walks — and so
    /// never copies, page by page — the inherited heap.
    private static func freezeHeap(_ runtime: PythonRuntime) {
        runtime.withGIL { gil in
            _ = try? gil.run("import gc\ngc.collect()\ngc.freeze()", options: RunOptions(filename: "<pyembed-worker freeze>", capturesOutput: false))
        }
    }

    /// Reports a start-up failure to the host and exits.
    static func fail(_ control: PacketSocket, _ message: String) -> Never {
        try? control.send(.startFailed(message))
        exit(70)
    }
}
