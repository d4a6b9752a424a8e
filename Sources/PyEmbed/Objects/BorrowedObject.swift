import CPythonShim

/// A borrowed reference to a Python object, valid only inside the GIL scope
/// that produced it.
///
/// It does not own the object: something else (a container, a
/// ``PythonObject``, a namespace) keeps it alive. Convert it to Swift values or
/// call ``owned()`` to keep it beyond the scope. (PyO3's `Borrowed<'_, 'py, PyAny>`.)
public struct BorrowedObject {
    let pointer: UnsafeMutablePointer<PyObject>
    /// The GIL token of the scope this reference belongs to.
    public let gil: GIL

    init(_ pointer: UnsafeMutablePointer<PyObject>, _ gil: GIL) {
        self.pointer = pointer
        self.gil = gil
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
