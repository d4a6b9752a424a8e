import CPythonShim
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The private `_pyembed` module, installed once at start-up: the exception used
/// for interrupts, the per-run output routers, and exception formatting.
///
/// It is not registered in `sys.modules`, and its namespace is sealed
/// (``SealedNamespace``): code that finds it through `gc` and rebinds its
/// functions has them put back before PyEmbed uses them again.
struct SupportModule: Sendable {
    /// `_pyembed.PyEmbedInterrupt`, raised into code that Swift interrupts; an
    /// immutable type, so code cannot make it an `Exception` or change how it is raised.
    let interruptType: PythonObject
    /// The context variable that points the output routers at a run's buffers.
    let captureVariable: PythonObject
    /// `_pyembed.Sink(limit)`: one stream's buffer for one run, capped at `limit` characters.
    let sinkType: PythonObject
    /// `_pyembed.describe(exc, filename, source)` → (type, message, traceback, line, syntax, hierarchy, recognised).
    let describe: PythonObject
    /// `_pyembed.recognise(path)`: registers an exception class for ``PythonException/recognisedClasses``.
    let recognise: PythonObject
    /// `_pyembed.environment()` → (version, prefix, base_prefix, executable, site-packages).
    let environment: PythonObject
    /// `_pyembed.classify(type)` → the name of an ``ObjectKind``.
    let classify: PythonObject
    /// `_pyembed.load_helper(name, source)` → the namespace of a helper module.
    let loadHelper: PythonObject
    /// The module's namespace, put back after every run.
    let namespace: SealedNamespace
    /// The `sys` module's dictionary.
    let sysDictionary: PythonObject
    /// The names `stdout`, `stderr` and `stdin` with the objects they held after
    /// start-up (the first two are the output routers).
    let streams: [(name: PythonObject, object: PythonObject)]
    /// The builtins, put back after every run.
    let builtins: GuardedDictionary
    /// `os.environ`'s data, put back (in the process environment too) after every run.
    let environ: GuardedDictionary

    /// Set once on the interpreter thread during start-up, before any other
    /// thread can reach Python; read-only afterwards.
    nonisolated(unsafe) static var installed: SupportModule!

    static let source = String(decoding: PackageResources.pyembed_support_py, as: UTF8.self) + "\n\n" + ExceptionDescription.source

    /// Builds the module (not registered in `sys.modules`) and seals it.
    static func install(_ gil: GIL) throws(PythonException) -> SupportModule {
        let module = try gil.owned(PyModule_New("_pyembed"))
        let namespace = PyModule_GetDict(module.pointer)!
        defer { withExtendedLifetime(module) {} }  // `namespace` is borrowed from it
        let interrupt = try gil.owned(pyshim_new_interrupt_type())
        guard PyDict_SetItemString(namespace, "__builtins__", PyEval_GetBuiltins()) == 0,
              PyDict_SetItemString(namespace, "PyEmbedInterrupt", interrupt.pointer) == 0 else {
            throw gil.fetchException()
        }
        let code = try gil.owned(Py_CompileString(source, "<pyembed-support>", Py_file_input))
        _ = try gil.owned(withExtendedLifetime(code) { PyEval_EvalCode(code.pointer, namespace, namespace) })
        guard pyshim_install_audit_hook() == 0, pyshim_guard_signals() == 0 else { throw gil.fetchException() }
        func member(_ name: String) throws(PythonException) -> PythonObject {
            guard let object = PyDict_GetItemString(namespace, name) else {
                throw PythonException(typeName: "AttributeError", message: "_pyembed has no \(name)")
            }
            return PythonObject(retaining: object, gil)
        }
        let sys = try gil.owned(PyImport_ImportModule("sys"))
        let sysDictionary = withExtendedLifetime(sys) { PythonObject(retaining: PyModule_GetDict(sys.pointer), gil) }
        let streams = try ["stdout", "stderr", "stdin"].map { (name) throws(PythonException) in
            guard let object = PySys_GetObject(name) else { throw PythonException(typeName: "RuntimeError", message: "sys.\(name) is missing") }
            return (try gil.owned(PyUnicode_InternFromString(name)), PythonObject(retaining: object, gil))
        }
        return SupportModule(
            interruptType: interrupt,
            captureVariable: try member("capture"),
            sinkType: try member("Sink"),
            describe: try member("describe"),
            recognise: try member("recognise"),
            environment: try member("environment"),
            classify: try member("classify"),
            loadHelper: try member("load_helper"),
            namespace: try SealedNamespace(PythonObject(retaining: namespace, gil), gil),
            sysDictionary: sysDictionary,
            streams: streams,
            builtins: try GuardedDictionary(PythonObject(retaining: PyEval_GetBuiltins(), gil), gil),
            environ: try GuardedDictionary(try member("environ_data"), gil, changed: EnvironmentVariables.apply)
        )
    }
}

/// The process environment behind `os.environ`, whose data maps `bytes` to `bytes` on POSIX.
enum EnvironmentVariables {
    /// Sets (or, for `nil`, removes) one variable put back in `os.environ`'s data.
    static func apply(_ key: BorrowedObject, _ value: BorrowedObject?) {
        guard pyshim_is_bytes(key.pointer) != 0 else { return }
        let name = pyshim_bytes_data(key.pointer)!
        if let value, pyshim_is_bytes(value.pointer) != 0 {
            setenv(name, pyshim_bytes_data(value.pointer), 1)
        } else {
            unsetenv(name)
        }
    }
}
