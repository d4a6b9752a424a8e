import CPythonShim

/// A borrowed reference to a Python object, valid only inside the GIL scope
/// that produced it.
///
/// It adds no Python reference of its own: the ``PythonObject`` or namespace
/// it came from (which it keeps alive) or the container it was read from owns
/// the object. Convert it to Swift values or call ``owned()`` to keep it
/// beyond the scope. (PyO3's `Borrowed<'_, 'py, PyAny>`.)
public struct BorrowedObject {
    let pointer: UnsafeMutablePointer<PyObject>
    /// The GIL token of the scope this reference belongs to.
    public let gil: GIL
    /// The owned reference this one was borrowed from, kept alive with it.
    private let owner: PythonObject?

    init(_ pointer: UnsafeMutablePointer<PyObject>, _ gil: GIL, owner: PythonObject? = nil) {
        self.pointer = pointer
        self.gil = gil
        self.owner = owner
    }

    /// An owned reference to the same object, which may outlive the GIL scope.
    public func owned() -> PythonObject {
        PythonObject(retaining: pointer, gil)
    }

    /// Whether this is Python's `None`.
    public var isNone: Bool { pyshim_is_none(pointer) != 0 }

    /// Whether both references point at the same object (Python's `is`).
    public func isIdentical(to other: BorrowedObject) -> Bool {
        pointer == other.pointer
    }
}

@available(*, unavailable)
extension BorrowedObject: Sendable {}
