/// A generator that plays a script of behaviours, one per call (the reference's mock generator).
///
/// Call *n* uses behaviour *n*; once the script runs out, the last behaviour
/// repeats. Every call is recorded in ``calls`` so tests can check what the
/// workflow passed (the request and the error chain).
///
/// ```swift
/// let generator = ScriptedCodeGenerator([.runtimeError, .errorAware])
/// // call 1: code that divides by zero; call 2 and later: code fixed for the last error
/// ```
public actor ScriptedCodeGenerator: CodeGenerator {
    /// What one call produces.
    public enum Behavior: Sendable, Hashable {
        /// Exactly this code.
        case code(String)
        /// Valid code that assigns `results` (`success`).
        case success
        /// Code that does not parse (`syntax_error`).
        case syntaxError
        /// Code that raises `ZeroDivisionError` (`runtime_error`).
        case runtimeError
        /// Valid code that never assigns `results` (`missing_results`).
        case missingResults
        /// Code that reads a channel and writes it back with `write_channel` (`channel_write`).
        case channelWrite
        /// Code that only reads channels with `read_channel` (`channel_read`).
        case channelRead
        /// Code that runs a subprocess and lists `/` (`security_risk`).
        case securityRisk
        /// Valid code on the first attempt; afterwards, code fixed for the kind of the
        /// last error in the chain (`error_aware`). The fixed code's `results` carries
        /// `fixed`: `import`, `zero_division`, `syntax`, `missing_results`,
        /// `analysis` or `generic`.
        case errorAware
        /// No code: the call throws ``PythonExecutorError/codeGeneration(message:attempt:chain:folder:)`` with this message.
        case failure(String)
    }

    /// The script; never empty (an empty script behaves as `[.success]`).
    public let behaviors: [Behavior]
    /// Every call so far, oldest first.
    public private(set) var calls: [(request: PythonExecutionRequest, chain: [ExecutionError])] = []

    /// Creates a generator that plays `behaviors` in order, repeating the last one.
    public init(_ behaviors: [Behavior]) {
        self.behaviors = behaviors.isEmpty ? [.success] : behaviors
    }

    /// Creates a generator that plays one behaviour on every call.
    public init(_ behavior: Behavior) {
        self.init([behavior])
    }

    /// Plays the next behaviour of the script.
    public func generate(_ request: PythonExecutionRequest, errorChain: [ExecutionError]) async throws -> String {
        let behavior = behaviors[min(calls.count, behaviors.count - 1)]
        calls.append((request: request, chain: errorChain))
        switch behavior {
        case let .code(code): return code
        case .success: return Self.successCode
        case .syntaxError: return Self.syntaxErrorCode
        case .runtimeError: return Self.runtimeErrorCode
        case .missingResults: return Self.missingResultsCode
        case .channelWrite: return Self.channelWriteCode
        case .channelRead: return Self.channelReadCode
        case .securityRisk: return Self.securityRiskCode
        case .errorAware: return Self.errorAwareCode(after: errorChain.last)
        case let .failure(message): throw PythonExecutorError.generation(message, chain: errorChain)
        }
    }

    /// How many times ``generate(_:errorChain:)`` was called.
    public var callCount: Int { calls.count }
}
