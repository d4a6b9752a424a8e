import PyEmbed
import PyEmbedProcess

extension CodeTester {
    /// The verdict for a run in the main interpreter or a sub-interpreter that threw `error`.
    static func verdict(_ error: PyEmbedError) -> (CodeTestStatus, CodeTestFailure?) {
        switch error {
        case let .exception(exception): return verdict(exception)
        case let .interrupted(reason, _): return (.timeout, CodeTestFailure(type: "Timeout", message: "\(reason)"))
        case let .unavailableInSubinterpreter(_, exception):
            return (.failed, CodeTestFailure(type: "UnavailableInSubinterpreter", message: "\(error)", line: exception.line))
        default: return (.crashed, CodeTestFailure(type: "Crashed", message: "\(error)"))
        }
    }

    /// The verdict for a worker run that threw `error`.
    static func verdict(_ error: WorkerError) -> (CodeTestStatus, CodeTestFailure?) {
        switch error {
        case let .exception(exception): return verdict(exception)
        case let .exited(code, _):
            return code == 0 ? (.passed, nil) : (.failed, CodeTestFailure(type: "SystemExit", message: "exit status \(code)"))
        case let .timedOut(seconds, _): return (.timeout, CodeTestFailure(type: "Timeout", message: "ran longer than the \(seconds) s limit"))
        default: return (.crashed, CodeTestFailure(type: "Crashed", message: "\(error)"))
        }
    }

    /// Passed for `SystemExit` with status 0 (as `python3` exits), failed otherwise.
    static func verdict(_ exception: PythonException) -> (CodeTestStatus, CodeTestFailure?) {
        if exception.exitStatus == 0 { return (.passed, nil) }
        return (.failed, CodeTestFailure(type: exception.typeName, message: exception.message, line: exception.line))
    }

    /// The verdict for any error a tier threw.
    static func verdict(_ error: any Error) -> (CodeTestStatus, CodeTestFailure?) {
        if let error = error as? PyEmbedError { return verdict(error) }
        if let error = error as? WorkerError { return verdict(error) }
        return (.crashed, CodeTestFailure(type: "Crashed", message: "\(error)"))
    }
}
