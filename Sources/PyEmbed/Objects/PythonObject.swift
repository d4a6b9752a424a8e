import CPythonShim

/// An owned (strong) reference to a Python object.
///
/// Holding a `PythonObject` keeps the object alive; dropping the last Swift
/// reference releases it. It may be stored and passed between threads freely,
/// but reading it needs the GIL: call ``borrow(_:)`` inside a GIL scope.
/// Releasing is safe on any thread: without the GIL the reference waits in a
/// pool and is freed by the next thread that takes the GIL.
/// (PyO3's `Py<PyAny>`.)
public final class PythonObject: @unchecked Sendable {
    // Swift may release an object right after its last use, which can be the read of
    // `pointer`: C calls and memory reads that use the pointer after that go inside
    // `withExtendedLifetime(object) { … }`.
    let pointer: UnsafeMutablePointer<PyObject>
    /// The sub-interpreter the object lives in, or `nil` for the main interpreter.
    let home: Subinterpreter?

    /// Takes ownership of a new reference (one the C API returned as "new").
    init(owning pointer: UnsafeMutablePointer<PyObject>) {
        self.pointer = pointer
        self.home = ActiveSubinterpreter.current
    }

    /// Adds a reference to a borrowed pointer and owns it (`Py_INCREF`).
    init(retaining pointer: UnsafeMutablePointer<PyObject>, _ gil: GIL) {
        pyshim_incref(pointer)
        self.pointer = pointer
        self.home = ActiveSubinterpreter.current
    }

    deinit {
        if let home { home.release(pointer) } else { ReleasePool.shared.release(pointer) }
    }

    /// The interpreter the object belongs to.
    public var interpreter: InterpreterID { home?.id ?? .main }

    /// A borrowed view of the object, valid while `gil` is held.
    ///
    /// `gil` must be a token of the object's own interpreter: an object of a
    /// sub-interpreter cannot be read from another interpreter, nor after its
    /// interpreter ended (no token for it exists any more). Breaking that rule
    /// stops the program, as an out-of-range index does.
    public func borrow(_ gil: GIL) -> BorrowedObject {
        precondition(
            gil.interpreter == interpreter,
            "a Python object of interpreter \(interpreter) was read with the GIL token of interpreter \(gil.interpreter)")
        return BorrowedObject(pointer, gil, owner: self)
    }
}
