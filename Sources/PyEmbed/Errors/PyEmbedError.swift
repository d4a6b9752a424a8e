/// Every error PyEmbed's public API throws.
public enum PyEmbedError: Error, Sendable, CustomStringConvertible {
    /// The interpreter could not be started (bad environment, libpython failure).
    case startup(String)
    /// The runtime was already started with another environment.
    case alreadyStarted(PythonEnvironment)
    /// Python code raised (including `SyntaxError` at compile time).
    case exception(PythonException)
    /// A value could not be converted between Python and Swift.
    case conversion(PythonConversionError)
    /// The run was stopped from Swift between two bytecodes.
    case interrupted(InterruptReason, PythonException)
    /// The code did not set a variable that was asked for.
    case missingVariable(String)
    /// An input or option was rejected before anything ran.
    case invalidArgument(String)
    /// Code run in a sub-interpreter imported a module that cannot load there
    /// (numpy and what is built on it); the exception is the `ImportError`.
    case unavailableInSubinterpreter(module: String, PythonException)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case let .startup(message): return "Python could not start: \(message)"
        case let .alreadyStarted(environment):
            return "Python is already running from \(environment.prefix); it starts once per process"
        case let .exception(exception): return exception.description
        case let .conversion(error): return "conversion failed: \(error)"
        case let .interrupted(reason, _): return "Python run interrupted: \(reason)"
        case let .missingVariable(name): return "the code did not set the variable '\(name)'"
        case let .invalidArgument(message): return message
        case let .unavailableInSubinterpreter(module, _):
            return "the module '\(module)' cannot be loaded in a sub-interpreter: run this code in the main interpreter "
                + "(PythonRuntime.interpreter) or in the process tier (PyEmbedProcess.WorkerPool)"
        }
    }
}

/// Why a run was interrupted.
public enum InterruptReason: Sendable, Hashable, CustomStringConvertible {
    /// The Swift task running it was cancelled.
    case cancelled
    /// It ran past its time limit.
    case timeout(seconds: Double)

    /// A short explanation.
    public var description: String {
        switch self {
        case .cancelled: return "the Swift task was cancelled"
        case let .timeout(seconds): return "it ran longer than the \(seconds) s limit"
        }
    }
}
