import CPythonShim
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// One CPython sub-interpreter (`Py_NewInterpreter`): its own `sys.modules`,
/// builtins, `sys.path`, recursion limit and warnings state.
///
/// It has one thread state, made on the ``SubinterpreterLane`` thread that
/// created it, and it is only entered there (``enter(_:)``). Python objects made
/// inside it are ``PythonObject``s whose home is this interpreter: dropped inside
/// its scope they are released at once, elsewhere they wait in its own queue,
/// and after it ended they are forgotten (their memory went with it).
/// Its own Python (support functions) is held as raw pointers, not
/// `PythonObject`s, which would keep it alive in a cycle.
final class Subinterpreter: @unchecked Sendable {
    /// Names the interpreter in tokens and objects.
    let id = InterpreterID.next()
    /// Its one thread state (on the lane thread).
    let threadState: UnsafeMutablePointer<PyThreadState>
    /// Its own `PyEmbedInterrupt` type, raised into its runs.
    private(set) var interruptType: UnsafeMutablePointer<PyObject>!
    /// `describe(exc, filename, source)`, run in this interpreter.
    private(set) var describe: PythonObject!
    private var support: [String: UnsafeMutablePointer<PyObject>] = [:]
    /// The namespace kept between runs of a named interpreter; touched only in its scope.
    var namespace: PythonObject?
    private let pending = Mutex<[Pending]>([])
    private let ended = Atomic<Bool>(false)
    private let interrupters = Atomic<Int>(0)

    /// Creates an interpreter from the lane thread and prepares it (GIL not held).
    init(mainState: UnsafeMutablePointer<PyThreadState>, refusedModules: [String]) throws(PyEmbedError) {
        guard let state = pyshim_subinterpreter_new(mainState) else {
            throw .startup("Py_NewInterpreter failed to create a sub-interpreter")
        }
        threadState = state
        do {
            try enter { (gil) throws(PyEmbedError) in try prepare(refusedModules, gil) }
        } catch {
            _ = end(mainState: mainState)
            throw error
        }
    }

    /// Runs `body` with this interpreter's thread state current and the GIL held.
    func enter<T, E: Error>(_ body: (GIL) throws(E) -> T) throws(E) -> T {
        PyEval_RestoreThread(threadState)
        let outer = ActiveSubinterpreter.current
        ActiveSubinterpreter.current = self
        defer {
            ActiveSubinterpreter.current = outer
            _ = PyEval_SaveThread()
        }
        drain()
        return try withExtendedLifetime(self) { () throws(E) -> T in try body(GIL(interpreter: id)) }
    }

    /// Releases a reference of this interpreter (see the type's description).
    func release(_ object: UnsafeMutablePointer<PyObject>) {
        if ActiveSubinterpreter.current === self {
            pyshim_decref(object)
        } else if !ended.load(ordering: .acquiring) {
            pending.withLock { $0.append(Pending(object: object)) }
        }
    }

    /// A support function, borrowed for a call; only inside this interpreter's scope.
    func supportFunction(_ name: String, _ gil: GIL) -> BorrowedObject {
        BorrowedObject(support[name]!, gil)
    }

    /// Notes that a thread is about to interrupt a run of this interpreter; call
    /// it while the run is known to be going on, then ``asInterrupter(_:)``.
    func interrupterArrives() {
        interrupters.add(1, ordering: .acquiringAndReleasing)
    }

    /// Runs `body` on the calling (non-Python) thread with the GIL held through a
    /// thread state of this interpreter, then drops that state.
    ///
    /// On 3.11 a thread waiting for the GIL asks only the holder in its own
    /// interpreter to let it go: a waiter from the main interpreter would wait
    /// until a looping run here ended by itself.
    func asInterrupter<T>(_ body: () -> T) -> T {
        defer { interrupters.subtract(1, ordering: .acquiringAndReleasing) }
        let helper = pyshim_thread_state_new_like(threadState)!
        PyEval_RestoreThread(helper)
        defer { pyshim_thread_state_drop_current() }
        return body()
    }

    /// Ends the interpreter (GIL not held). Returns `false` when it had to be left
    /// alive because threads the code started still run in it.
    func end(mainState: UnsafeMutablePointer<PyThreadState>) -> Bool {
        // An interrupter's thread state would make Py_EndInterpreter abort: wait for it to go.
        while interrupters.load(ordering: .acquiring) > 0 { sched_yield() }
        enter { _ in
            namespace = nil
            describe = nil
            for object in support.values { pyshim_decref(object) }
            support = [:]
            if let interruptType { pyshim_decref(interruptType) }
            interruptType = nil
        }
        ended.store(true, ordering: .releasing)
        pending.withLock { $0.removeAll() }
        return pyshim_subinterpreter_end(threadState, mainState) == 0
    }

    private func drain() {
        let objects = pending.withLock { list -> [Pending] in
            guard !list.isEmpty else { return [] }
            defer { list.removeAll() }
            return list
        }
        for entry in objects { pyshim_decref(entry.object) }
    }

    /// A reference waiting for this interpreter's scope; only released in it.
    private struct Pending: @unchecked Sendable {
        let object: UnsafeMutablePointer<PyObject>
    }

    private func prepare(_ refusedModules: [String], _ gil: GIL) throws(PyEmbedError) {
        do {
            guard let type = pyshim_new_interrupt_type() else { throw gil.fetchException() }
            interruptType = type
            let globals = try Globals.make(gil)
            try gil.set(["REFUSED": PythonValue.tuple(refusedModules.map(PythonValue.string))], in: globals)
            let code = try Globals.compile(SubinterpreterSupport.source, filename: "<pyembed-subinterpreter>", gil)
            _ = try gil.owned(PyEval_EvalCode(code.pointer, globals.pointer, globals.pointer))
            for name in ["describe", "refused_module", "begin_capture", "end_capture"] {
                guard let function = PyDict_GetItemString(globals.pointer, name) else {
                    throw PythonException(typeName: "AttributeError", message: "the sub-interpreter support has no \(name)")
                }
                pyshim_incref(function)
                support[name] = function
            }
            describe = PythonObject(retaining: support["describe"]!, gil)
        } catch let error as PyEmbedError {
            throw .startup("preparing a sub-interpreter failed: \(error)")
        } catch {
            throw .startup("preparing a sub-interpreter failed: \(error)")
        }
    }
}
