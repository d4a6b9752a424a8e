/// What a run in a sub-interpreter printed, as Swift values (its Python objects
/// stay in the interpreter; read them with the `read` closure of
/// ``SubinterpreterPool/run(_:options:inputs:read:)``).
public struct SubinterpreterOutput: Sendable, Hashable {
    /// Everything the code wrote to `sys.stdout` (empty when output is not captured).
    public let stdout: String
    /// Everything the code wrote to `sys.stderr`.
    public let stderr: String
    /// Wall-clock time from compiling to the end of execution.
    public let duration: Duration
    /// The interpreter the code ran in.
    public let interpreter: InterpreterID
}
