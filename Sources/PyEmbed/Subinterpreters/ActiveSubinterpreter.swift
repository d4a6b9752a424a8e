/// The sub-interpreter whose thread state is current on the calling thread, if
/// any (a thread-local slot set for the length of a ``Subinterpreter`` scope).
enum ActiveSubinterpreter {
    private static let slot = ThreadLocalInteger()

    /// The calling thread's sub-interpreter, or `nil` in the main interpreter or outside Python.
    static var current: Subinterpreter? {
        get {
            let bits = slot.value
            guard bits != 0, let pointer = UnsafeRawPointer(bitPattern: bits) else { return nil }
            return Unmanaged<Subinterpreter>.fromOpaque(pointer).takeUnretainedValue()
        }
        set {
            // Unretained: the scope that sets it holds the interpreter until it clears it.
            slot.value = newValue.map { Int(bitPattern: Unmanaged.passUnretained($0).toOpaque()) } ?? 0
        }
    }
}
