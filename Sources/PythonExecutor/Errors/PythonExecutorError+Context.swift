import PyEmbed

/// Where an error happened, read from its case rather than from its text.
extension PythonExecutorError {
    /// The error that decided the run: the last attempt's error when every
    /// attempt failed (``maxAttemptsExceeded(attempts:chain:)``), else the error itself.
    public var lastFailure: PythonExecutorError {
        if case let .maxAttemptsExceeded(_, chain) = self, let last = chain.last?.failure { return last }
        return self
    }

    /// The workflow stage the error happened in, `nil` for a source refused before any run.
    public var stage: Stage? {
        switch self {
        case .codeGeneration: return .generation
        case .syntax, .rejected: return .analysis
        case .runtime, .crashed, .channelLimitsViolation, .executionTimeout, .containerConnectivity: return .execution
        case let .cancelled(stage, _, _), let .workflow(_, stage): return stage
        case .configuration, .containerConfiguration: return .setup
        case .approval: return .approval
        case .resultsNotSaved: return .results
        case .source: return nil
        case let .maxAttemptsExceeded(_, chain):
            guard let last = chain.last else { return .generation }
            return last.failure?.stage ?? Stage(rawValue: last.stage)
        }
    }

    /// The attempt (1-based) the error happened in, `nil` when it is not tied to one.
    public var attempt: Int? {
        let attempt: Int
        switch self {
        case let .codeGeneration(_, number, _, _), let .syntax(_, _, number, _), let .runtime(_, _, number, _, _),
             let .crashed(_, number, _), let .executionTimeout(_, number, _), let .rejected(_, _, number, _),
             let .cancelled(_, number, _), let .maxAttemptsExceeded(number, _):
            attempt = number
        case let .channelLimitsViolation(violation):
            attempt = violation.attempt ?? 0
        default:
            return nil
        }
        return attempt > 0 ? attempt : nil
    }

    /// The run's execution folder, when the error belongs to a run that has one.
    public var executionFolder: String? {
        switch self {
        case let .codeGeneration(_, _, _, folder), let .syntax(_, _, _, folder), let .runtime(_, _, _, _, folder),
             let .crashed(_, _, folder), let .executionTimeout(_, _, folder), let .rejected(_, _, _, folder),
             let .cancelled(_, _, folder):
            return folder
        case let .channelLimitsViolation(violation):
            return violation.executionFolder
        case .maxAttemptsExceeded:
            let last = lastFailure
            return last == self ? nil : last.executionFolder
        default:
            return nil
        }
    }

    /// The Python exception the code raised (type, message, traceback), for a
    /// runtime error or a run whose last attempt raised.
    public var pythonException: PythonException? {
        switch lastFailure {
        case let .runtime(_, _, _, exception, _): return exception
        default: return nil
        }
    }

    /// How the code's process died, when the error (or the last attempt's) is a crash.
    public var crash: ProcessCrash? {
        if case let .crashed(crash, _, _) = lastFailure { return crash }
        return nil
    }

    /// Whether the caller cancelled the run.
    public var isCancellation: Bool {
        if case .cancelled = self { return true }
        return false
    }

    /// The same error, placed in `folder` at `attempt` where its case has room
    /// for them and does not know them yet.
    func located(attempt: Int, folder: String) -> PythonExecutorError {
        func pick(_ known: Int) -> Int { known > 0 ? known : attempt }
        switch self {
        case let .codeGeneration(message, number, chain, place):
            return .codeGeneration(message: message, attempt: pick(number), chain: chain, folder: place ?? folder)
        case let .syntax(message, issues, number, place):
            return .syntax(message: message, issues: issues, attempt: pick(number), folder: place ?? folder)
        case let .runtime(message, traceback, number, exception, place):
            return .runtime(message: message, traceback: traceback, attempt: pick(number), exception: exception, folder: place ?? folder)
        case let .crashed(crash, number, place):
            return .crashed(crash, attempt: pick(number), folder: place ?? folder)
        case var .channelLimitsViolation(violation):
            violation.attempt = violation.attempt ?? attempt
            violation.executionFolder = violation.executionFolder ?? folder
            return .channelLimitsViolation(violation)
        case let .executionTimeout(seconds, number, place):
            return .executionTimeout(seconds: seconds, attempt: pick(number), folder: place ?? folder)
        case let .rejected(reason, issues, number, place):
            return .rejected(reason: reason, issues: issues, attempt: pick(number), folder: place ?? folder)
        case let .cancelled(stage, number, place):
            return .cancelled(stage: stage, attempt: pick(number), folder: place ?? folder)
        default:
            return self
        }
    }
}
