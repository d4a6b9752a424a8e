import CPythonShim

/// The process-wide state one run can change, noted when it starts and put back
/// when it ends, so the next run starts as this one did.
///
/// Put back: `sys.stdout`/`stderr`/`stdin` (the output routers and the
/// original input), the recursion limit, signal handlers set with
/// `signal.signal` (Python's and the OS's), the working directory after
/// `os.chdir`, `os.environ` (and the process environment), the builtins, and the
/// namespace of PyEmbed's support module. Changes made outside runs (by the
/// host, or by threads a run left behind, before the next run starts) are taken
/// as they are, unless another run is going on then. Runs that overlap on
/// several threads share this state: each one's end puts back what all of them
/// changed. Audit hooks cannot be removed, so none may be added: the
/// support module's audit hook refuses `sys.addaudithook` (see
/// `Documentation/ThreadModel.md`). Checking costs a few comparisons per run;
/// only what changed is restored.
struct RunState {
    private let recursionLimit: Int32

    /// Notes the state at the start of a run.
    init(_ gil: GIL) {
        recursionLimit = Py_GetRecursionLimit()
        guard pyshim_run_guards_begin() == 1 else { return }  // another run is going on: keep what it started from
        let support = SupportModule.installed!
        support.builtins.accept(gil)
        support.environ.accept(gil)
    }

    /// Puts back what the run changed. Call it before the run's exception is
    /// described or its values converted: those must not run under the run's
    /// recursion limit or with its replaced builtins.
    func restore(_ gil: GIL) {
        let support = SupportModule.installed!
        if Py_GetRecursionLimit() != recursionLimit { Py_SetRecursionLimit(recursionLimit) }
        let sys = support.sysDictionary.pointer
        for (name, object) in support.streams where PyDict_GetItem(sys, name.pointer) != object.pointer {
            if PyDict_SetItem(sys, name.pointer, object.pointer) != 0 { PyErr_Clear() }
        }
        if pyshim_run_guards_end(pyshim_current_thread_id() == PyEmbedThreads.main ? 1 : 0) < 0 { PyErr_Clear() }
        support.builtins.restore(gil)
        support.environ.restore(gil)
        support.namespace.verify(gil)
    }
}

/// Python's main thread, the only one that may set signal handlers.
enum PyEmbedThreads {
    /// Its thread identifier (`PyThread_get_thread_ident`), noted at start-up.
    nonisolated(unsafe) static var main: UInt = 0
}
