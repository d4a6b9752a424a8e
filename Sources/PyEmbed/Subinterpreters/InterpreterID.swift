import Synchronization

/// Names one CPython interpreter of this process: the main interpreter, or a
/// sub-interpreter made by a ``SubinterpreterPool``.
///
/// Every ``GIL`` token and ``PythonObject`` carries the identifier of its
/// interpreter. Identifiers are never reused, so a token or object of an
/// interpreter that ended matches no live interpreter.
public struct InterpreterID: Sendable, Hashable, CustomStringConvertible {
    let value: Int

    /// The interpreter Python started with (``PythonRuntime``).
    public static let main = InterpreterID(value: 0)

    private static let counter = Atomic<Int>(0)

    /// A new identifier for a sub-interpreter.
    static func next() -> InterpreterID {
        InterpreterID(value: counter.add(1, ordering: .relaxed).newValue)
    }

    /// `main`, or `sub-N`.
    public var description: String { value == 0 ? "main" : "sub-\(value)" }
}
