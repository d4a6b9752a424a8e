import PyEmbed
/// Every failure the execution service reports (the reference's exception family).
public enum PythonExecutorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A Jupyter container or kernel could not be reached.
    case containerConnectivity(message: String, host: String, port: Int)
    /// The container settings are unusable.
    case containerConfiguration(String)
    /// The generator failed or returned no code, in `attempt` (1-based) of the run
    /// whose execution folder is `folder` (`nil` when raised outside a run).
    case codeGeneration(message: String, attempt: Int, chain: [ExecutionError], folder: String? = nil)
    /// The code does not parse (found by the analysis of `attempt`; 0 when not known).
    case syntax(message: String, issues: [String], attempt: Int = 0, folder: String? = nil)
    /// The code raised (`exception`: the Python exception's type, message and
    /// traceback), or ended without `results` (`exception` is `nil`).
    case runtime(message: String, traceback: String, attempt: Int, exception: PythonException? = nil, folder: String? = nil)
    /// The process running the code (a process-tier worker run, a Jupyter kernel)
    /// died before it reported results: `os._exit`, a crash in native code, a kill.
    case crashed(ProcessCrash, attempt: Int, folder: String? = nil)
    /// A channel write broke the channel-limits database; never retried (the
    /// violation says which attempt of which execution folder made the write).
    case channelLimitsViolation(ChannelLimitsViolation)
    /// The code ran longer than allowed.
    case executionTimeout(seconds: Double, attempt: Int = 0, folder: String? = nil)
    /// Static analysis refused the code (security findings, writes the policy
    /// forbids, no `results`): `issues` are the blocking findings.
    case rejected(reason: String, issues: [String], attempt: Int, folder: String?)
    /// The caller cancelled the run (its task was cancelled, or `pyexec` got
    /// Ctrl-C) while it was in `stage`; nothing was retried.
    case cancelled(stage: Stage, attempt: Int, folder: String?)
    /// Every attempt failed; ``lastFailure`` is the last attempt's typed error.
    case maxAttemptsExceeded(attempts: Int, chain: [ExecutionError])
    /// The workflow could not go on (bad state, unreadable pending approval, files that could not be written).
    case workflow(message: String, stage: Stage)
    /// The configuration is invalid.
    case configuration(String)
    /// A paused run's approval was refused, already decided or could not be recorded.
    case approval(ApprovalError)
    /// The source was refused before analysis (size limit, encoding).
    case source(SourceError)
    /// A successful run's `results.json` or `execution_metadata.json` could not be
    /// written (and `python_executor.allow_unsaved_results` is off).
    case resultsNotSaved(ExecutionFilesError)

    /// The family an error belongs to, which decides what a retry can fix.
    public enum Category: String, Sendable, Hashable {
        /// Containers, files, the interpreter: retrying execution may help.
        case infrastructure = "INFRASTRUCTURE"
        /// The code itself: regenerating it may help.
        case codeRelated = "CODE_RELATED"
        /// The workflow's own rules.
        case workflow = "WORKFLOW"
        /// Settings.
        case configuration = "CONFIGURATION"
    }

    /// The error's family, as the reference assigns it. (A channel-limits
    /// violation is code-related there too, but the workflow never retries it.)
    public var category: Category {
        switch self {
        case .containerConnectivity: return .infrastructure
        case .codeGeneration, .syntax, .runtime, .crashed, .channelLimitsViolation, .rejected: return .codeRelated
        case .executionTimeout, .maxAttemptsExceeded, .workflow, .approval, .cancelled: return .workflow
        case .containerConfiguration, .configuration: return .configuration
        case .source: return .codeRelated
        case .resultsNotSaved: return .infrastructure
        }
    }

    /// Whether running the same code again may succeed (`should_retry_execution`).
    public var shouldRetryExecution: Bool { category == .infrastructure }

    /// Whether generating new code may succeed (`should_retry_code_generation`).
    public var shouldRetryCodeGeneration: Bool { category == .codeRelated }

    /// The reference's class name for this error.
    public var typeName: String {
        switch self {
        case .containerConnectivity: return "ContainerConnectivityError"
        case .containerConfiguration: return "ContainerConfigurationError"
        case .codeGeneration: return "CodeGenerationError"
        case .syntax: return "CodeSyntaxError"
        case .runtime: return "CodeRuntimeError"
        case .crashed: return "ProcessCrashError"
        case .channelLimitsViolation: return "ChannelLimitsViolationError"
        case .executionTimeout: return "ExecutionTimeoutError"
        case .rejected: return "StaticAnalysisError"
        case .cancelled: return "CancelledError"
        case .maxAttemptsExceeded: return "MaxAttemptsExceededError"
        case .workflow: return "WorkflowError"
        case .configuration: return "ConfigurationError"
        case .approval: return "ApprovalError"
        case .source: return "SourceError"
        case .resultsNotSaved: return "ResultsNotSavedError"
        }
    }

    /// One line saying what happened.
    public var description: String {
        switch self {
        case let .containerConnectivity(message, host, port): return "cannot reach \(host):\(port): \(message)"
        case let .containerConfiguration(message): return "container configuration: \(message)"
        case let .codeGeneration(message, attempt, _, _): return "code generation failed (attempt \(attempt)): \(message)"
        case let .syntax(message, _, _, _): return "syntax error: \(message)"
        case let .runtime(message, _, attempt, _, _): return "the code failed (attempt \(attempt)): \(message)"
        case let .crashed(crash, attempt, _): return "the code's process died (attempt \(attempt)): \(crash.message)"
        case let .channelLimitsViolation(violation): return "write blocked for safety: \(violation)"
        case let .executionTimeout(seconds, _, _): return "the code ran longer than \(seconds) s"
        case let .rejected(reason, _, _, _): return "static analysis refused the code: \(reason)"
        case let .cancelled(stage, attempt, _):
            return "the run was cancelled during \(stage.rawValue)" + (attempt > 0 ? " (attempt \(attempt))" : "")
        case let .maxAttemptsExceeded(attempts, chain):
            return "all \(attempts) attempts failed; last: \(chain.last?.errorMessage ?? "no error recorded")"
        case let .workflow(message, stage): return "\(stage.rawValue): \(message)"
        case let .configuration(message): return "configuration: \(message)"
        case let .approval(error): return "approval: \(error)"
        case let .source(error): return "source: \(error)"
        case let .resultsNotSaved(error): return "the run succeeded but its files were not saved: \(error)"
        }
    }

    /// The Python traceback, when the error has one.
    public var traceback: String? {
        switch self {
        case let .runtime(_, traceback, _, _, _): return traceback
        case let .maxAttemptsExceeded(_, chain): return chain.last?.traceback
        default: return nil
        }
    }
}

/// A channel write that the limits guard refused (every field of the reference's
/// `ChannelLimitsViolationError`; numbers that are not finite, or values that are
/// not numbers, are `nil`, with the value's text in ``attemptedValueText``).
public struct ChannelLimitsViolation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The channel (PV) written to (`channel_address`).
    public var channel: String
    /// The value the code tried to write, when it is a finite number.
    public var attemptedValue: Double?
    /// The value's Python `repr` (up to 200 characters), when known.
    public var attemptedValueText: String?
    /// Which rule it broke: the reference's `UNLISTED_CHANNEL`, `READ_ONLY_CHANNEL`,
    /// `MIN_EXCEEDED`, `MAX_EXCEEDED`, `MAX_STEP_EXCEEDED`, `STEP_CHECK_FAILED`, and
    /// this project's `INVALID_VALUE` (NaN, or not a number, on a channel with numeric
    /// limits), `WRITES_DISABLED` and `GUARD_NOT_CONFIGURED`.
    public var violationType: String
    /// Why, in words (`violation_reason`).
    public var reason: String
    /// The channel's lower limit, if it has one.
    public var minValue: Double?
    /// The channel's upper limit, if it has one.
    public var maxValue: Double?
    /// The largest change allowed in one write, if limited.
    public var maxStep: Double?
    /// The channel's value before the write, when it was read.
    public var currentValue: Double?
    /// The attempt (1-based) whose code made the write, when known (not part of the reference's fields).
    public var attempt: Int?
    /// The execution folder of the run that made the write, when known (not part of the reference's fields).
    public var executionFolder: String?

    /// Creates a violation.
    public init(
        channel: String, attemptedValue: Double?, violationType: String, reason: String,
        minValue: Double? = nil, maxValue: Double? = nil, maxStep: Double? = nil, currentValue: Double? = nil, attemptedValueText: String? = nil
    ) {
        self.channel = channel
        self.attemptedValue = attemptedValue
        self.attemptedValueText = attemptedValueText
        self.violationType = violationType
        self.reason = reason
        self.minValue = minValue
        self.maxValue = maxValue
        self.maxStep = maxStep
        self.currentValue = currentValue
    }

    /// `channel: reason`.
    public var description: String { "\(channel): \(reason)" }

    /// The violation as a dictionary with the reference's field names (for `pyexec --json`).
    public var dictionary: PythonValue {
        func number(_ value: Double?) -> PythonValue { value.map(PythonValue.float) ?? .none }
        func text(_ value: String?) -> PythonValue { value.map(PythonValue.string) ?? .none }
        let entries: [(String, PythonValue)] = [
            ("channel_address", .string(channel)), ("attempted_value", number(attemptedValue)),
            ("attempted_value_text", text(attemptedValueText)), ("violation_type", .string(violationType)),
            ("violation_reason", .string(reason)), ("min_value", number(minValue)), ("max_value", number(maxValue)),
            ("max_step", number(maxStep)), ("current_value", number(currentValue)),
        ]
        return .dict(PythonDictionary(entries.map { PythonDictionary.Entry(key: .string($0.0), value: $0.1) }))
    }

    enum CodingKeys: String, CodingKey {
        case channel = "channel_address", attemptedValue = "attempted_value", attemptedValueText = "attempted_value_text"
        case violationType = "violation_type", reason = "violation_reason"
        case minValue = "min_value", maxValue = "max_value", maxStep = "max_step", currentValue = "current_value"
    }
}
