import CPythonShim

extension GIL {
    /// The highest recursion limit PyEmbed's own `repr`, `str` and exception
    /// descriptions run under: Python's default, which the C stack of any thread
    /// Python supports can hold.
    static let describingRecursionLimit: Int32 = 1000

    /// Runs `body` with the recursion limit lowered to `limit` when it is
    /// higher, then sets it back to what it was.
    ///
    /// On 3.11 the recursion limit is also what stops C recursion (`repr` of a
    /// nested list), so a limit that code raised must not apply while PyEmbed
    /// formats its objects.
    func withRecursionLimit<T, E: Error>(atMost limit: Int32, _ body: () throws(E) -> T) throws(E) -> T {
        let current = Py_GetRecursionLimit()
        guard current > limit else { return try body() }
        Py_SetRecursionLimit(limit)
        defer { Py_SetRecursionLimit(current) }
        return try body()
    }
}
