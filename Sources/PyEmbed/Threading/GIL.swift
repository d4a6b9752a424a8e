import CPythonShim

/// Proof that the calling thread holds CPython's global interpreter lock.
///
/// A `GIL` value is handed to the closure of ``PythonRuntime/withGIL(_:)`` and
/// to the async interpreter's scopes; every API that touches a Python object
/// takes one. It is not `Sendable`, so it cannot be carried to another thread,
/// and it must not be stored beyond the closure that received it (the same
/// contract as PyO3's `Python<'py>` token).
///
/// A token names the interpreter it was issued for (``interpreter``): the main
/// interpreter for ``PythonRuntime/withGIL(_:)`` and the interpreter actor, a
/// sub-interpreter inside a ``SubinterpreterPool`` run. Owned references made
/// under it belong to that interpreter and can only be borrowed with a token
/// of the same interpreter.
public struct GIL {
    /// The interpreter whose thread state is current while this token is held.
    public let interpreter: InterpreterID

    init(interpreter: InterpreterID = .main) {
        self.interpreter = interpreter
    }
}

@available(*, unavailable)
extension GIL: Sendable {}

extension GIL {
    /// Acquires the GIL for the calling thread, runs `body`, and releases it.
    ///
    /// Re-entrant: a thread that already holds the GIL simply runs `body`.
    /// Python references dropped on other threads are released first.
    /// Wraps `PyGILState_Ensure` / `PyGILState_Release`.
    static func acquire<T, E: Error>(_ body: (GIL) throws(E) -> T) throws(E) -> T {
        // PyGILState_Ensure would wait for the GIL this thread already holds for a sub-interpreter.
        precondition(
            ActiveSubinterpreter.current == nil,
            "the main interpreter's GIL was asked for inside a sub-interpreter scope; use the GIL token that scope gave")
        let state = PyGILState_Ensure()
        HoldCount.current += 1
        defer {
            HoldCount.current -= 1
            PyGILState_Release(state)
        }
        ReleasePool.shared.drain()
        return try body(GIL())
    }

    /// Whether the calling thread is inside a PyEmbed GIL scope.
    ///
    /// Counted by PyEmbed itself rather than asked of `PyGILState_Check`, which
    /// CPython switches off (always answering yes) once any sub-interpreter exists.
    static var isHeld: Bool { HoldCount.current > 0 }
}

/// How many nested GIL scopes the calling thread is in (a thread-local count).
private enum HoldCount {
    private static let count = ThreadLocalInteger()

    static var current: Int {
        get { count.value }
        set { count.value = newValue }
    }
}
