import CPythonShim
import Foundation
import Synchronization

/// The CPython interpreter hosted in this process.
///
/// Python starts once per process, on a thread the runtime owns, and is never
/// finalized: numpy (and everything built on it) cannot be imported again after
/// `Py_Finalize`, nor loaded into a second interpreter, so ending Python would
/// leave the process unable to use it again. See `Documentation/ThreadModel.md`
/// for how threads reach the interpreter.
///
/// ```swift
/// let python = try PythonRuntime.start()
/// let output = try await python.interpreter.run("import math\nx = math.pi")
/// ```
public final class PythonRuntime: Sendable {
    /// The environment Python started in, as Python reports it.
    public let environment: PythonEnvironment
    /// The async front door: an actor whose jobs run on the interpreter thread.
    ///
    /// For a runtime started with ``startOnCurrentThread(_:)`` the interpreter
    /// thread is created on first use of this property.
    public var interpreter: PythonInterpreter {
        interpreterSlot.withLock { slot in
            if let slot { return slot }
            let made = PythonInterpreter(thread: InterpreterThread(name: "PyEmbed.interpreter") {})
            slot = made
            return made
        }
    }
    private let interpreterSlot: Mutex<PythonInterpreter?>
    /// Named namespaces that keep their variables between runs.
    let namespaces = NamespaceStore()

    private static let started = Mutex<(EnvironmentRequest, Result<PythonRuntime, PyEmbedError>)?>(nil)

    private init(environment: PythonEnvironment, thread: InterpreterThread?) {
        self.environment = environment
        self.interpreterSlot = Mutex(thread.map { PythonInterpreter(thread: $0) })
    }

    /// Starts Python (the first call) or returns the running runtime.
    ///
    /// The first call chooses the environment (see ``EnvironmentRequest``) and
    /// starts the interpreter thread. Later calls return the same runtime; one
    /// whose explicit request differs from the first call's (even if it would
    /// resolve to the same folder) fails with ``PyEmbedError/alreadyStarted(_:)``. A failed start is final for the process.
    public static func start(_ request: EnvironmentRequest = .automatic) throws(PyEmbedError) -> PythonRuntime {
        let result = started.withLock { state -> Result<PythonRuntime, PyEmbedError> in
            if let (previous, result) = state {
                if case let .success(runtime) = result, request != previous, request != .automatic {
                    return .failure(.alreadyStarted(runtime.environment))
                }
                return result
            }
            let result = Result<PythonRuntime, PyEmbedError> { () throws(PyEmbedError) in try boot(request) }
            state = (request, result)
            return result
        }
        return try result.get()
    }

    /// Starts Python on the calling thread and starts no thread of its own.
    ///
    /// For processes that must stay single-threaded, such as a worker that
    /// forks one child per run (`fork` copies only the calling thread). The
    /// calling thread then enters Python through ``withGIL(_:)``; ``interpreter``
    /// still works, but creates the interpreter thread when first used.
    ///
    /// - Throws: ``PyEmbedError/alreadyStarted(_:)`` when Python is already
    ///   running in this process, ``PyEmbedError/startup(_:)`` when it cannot start.
    public static func startOnCurrentThread(_ request: EnvironmentRequest = .automatic) throws(PyEmbedError) -> PythonRuntime {
        let result = started.withLock { state -> Result<PythonRuntime, PyEmbedError> in
            if let (_, result) = state {
                if case let .success(runtime) = result { return .failure(.alreadyStarted(runtime.environment)) }
                return result
            }
            let result = Result<PythonRuntime, PyEmbedError> { () throws(PyEmbedError) in
                let (source, venv, program) = try EnvironmentLocator().locate(request)
                let environment = try initialize(program: program, source: source, venv: venv)
                return PythonRuntime(environment: environment, thread: nil)
            }
            state = (request, result)
            return result
        }
        return try result.get()
    }

    /// The running runtime, started with ``EnvironmentRequest/automatic`` if needed.
    public static var shared: PythonRuntime {
        get throws(PyEmbedError) { try start() }
    }

    /// Runs `body` on the calling thread with the GIL held: the synchronous,
    /// lowest-latency way in. Blocks while another thread holds the GIL.
    ///
    /// Do not call it from a Swift concurrency task that may wait long for the
    /// GIL; use ``interpreter`` there.
    public func withGIL<T, E: Error>(_ body: (GIL) throws(E) -> T) throws(E) -> T {
        try GIL.acquire(body)
    }

    /// Forgets the variables of the named namespace; its next run starts empty.
    public func resetNamespace(_ name: String) {
        namespaces.reset(name)
    }

    private static func boot(_ request: EnvironmentRequest) throws(PyEmbedError) -> PythonRuntime {
        let (source, venv, program) = try EnvironmentLocator().locate(request)
        let outcome = Mutex<Result<PythonEnvironment, PyEmbedError>?>(nil)
        let thread = InterpreterThread(name: "PyEmbed.interpreter") {
            let result = Result<PythonEnvironment, PyEmbedError> { () throws(PyEmbedError) in
                try initialize(program: program, source: source, venv: venv)
            }
            outcome.withLock { $0 = result }
        }
        let environment = try outcome.withLock { $0! }.get()
        return PythonRuntime(environment: environment, thread: thread)
    }

    /// Runs on the interpreter thread: `Py_InitializeFromConfig`, the support
    /// module, then releases the GIL (`PyEval_SaveThread`) for everyone.
    private static func initialize(
        program: String?, source: PythonEnvironment.Source, venv: String?
    ) throws(PyEmbedError) -> PythonEnvironment {
        if let message = pyshim_initialize(program, 0) {
            defer { free(message) }
            throw .startup(String(cString: message))
        }
        let gil = GIL()
        defer { _ = PyEval_SaveThread() }
        do {
            PyEmbedThreads.main = pyshim_current_thread_id()
            SupportModule.installed = try SupportModule.install(gil)
            let facts = try SupportModule.installed.environment.borrow(gil).call()
            let (version, prefix, basePrefix, executable, sitePackages) = try facts.borrow(gil)
                .decodeTuple(String.self, String.self, String.self, String.self, [String].self)
            return PythonEnvironment(
                source: source, venvPath: venv, version: version, prefix: prefix,
                basePrefix: basePrefix, executable: executable, sitePackages: sitePackages)
        } catch let error as PythonException {
            throw .startup("the support module failed: \(error)")
        } catch let error as PyEmbedError {
            throw .startup("reading the environment failed: \(error)")
        } catch {
            throw .startup("reading the environment failed: \(error)")
        }
    }
}

/// The persistent namespaces, by name. Their dictionaries are only touched with the GIL.
final class NamespaceStore: Sendable {
    private let dictionaries = Mutex<[String: PythonObject]>([:])

    /// The dictionary for `name`, created on first use.
    func dictionary(_ name: String, _ gil: GIL) throws(PythonException) -> PythonObject {
        if let existing = dictionaries.withLock({ $0[name] }) { return existing }
        let created = try Globals.make(gil)
        return dictionaries.withLock { dictionaries in
            if let raced = dictionaries[name] { return raced }
            dictionaries[name] = created
            return created
        }
    }

    func reset(_ name: String) {
        _ = dictionaries.withLock { $0.removeValue(forKey: name) }
    }
}
