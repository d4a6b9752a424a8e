import Foundation
import PyEmbed

/// Runs generated code in this process through PyEmbed, as the reference's
/// local execution wrapper does in a subprocess: the code runs as written
/// (never pasted into a template), with `context` set from the request, its
/// output captured, `results` required, and its open figures collected.
/// For trusted code: generated code can reach this process's interpreter.
struct InProcessRunner: ExecutionEngine {
    let runtime: PythonRuntime
    var timeoutSeconds: Double
    /// The guard's and the run-time API's settings, applied before each run.
    let settings: ChannelLimitsGuard.Settings
    /// The most characters of stdout, and of stderr, a run keeps (`execution.process.output_limit_bytes`).
    var outputLimit = RunOptions.defaultOutputLimit
    /// Where the run's variables live: fresh, or a session's named namespace.
    var namespace: RunOptions.Namespace = .fresh

    func adapted(to overrides: RunOverrides) -> any ExecutionEngine {
        var engine = self
        if let seconds = overrides.timeoutSeconds { engine.timeoutSeconds = seconds }
        if case let .namespace(name, _)? = overrides.session?.storage { engine.namespace = .named(name) }
        return engine
    }

    /// Runs `code`.
    ///
    /// - Throws: a ``RunnerFailure`` whose error is
    ///   ``PythonExecutorError/runtime(message:traceback:attempt:exception:folder:)`` for an
    ///   exception or missing `results`, ``PythonExecutorError/executionTimeout(seconds:attempt:folder:)``,
    ///   ``PythonExecutorError/cancelled(stage:attempt:folder:)`` when the awaiting task was cancelled,
    ///   ``PythonExecutorError/channelLimitsViolation(_:)`` for a refused write, or
    ///   ``PythonExecutorError/workflow(message:stage:)`` when the results cannot be converted.
    func run(_ code: String, context: PythonValue?, folder: String, attempt: Int) async throws(RunnerFailure) -> ExecutionOutcome {
        let limit = timeoutSeconds.isFinite ? min(max(timeoutSeconds, 0.001), 1_000_000) : 1_000_000
        let options = RunOptions(
            filename: Self.filename, namespace: namespace, timeout: .milliseconds(Int64(limit * 1000)), outputLimit: outputLimit)
        let inputs: [String: any ConvertibleToPython & Sendable] = [
            "context": ContextInput(data: context ?? .dict(PythonDictionary()), settings: settings.json),
        ]
        let output: RunOutput
        do {
            if case .named = namespace {
                // An earlier run's `results` must not pass for this run's.
                _ = try await runtime.interpreter.run(ProcessEngine.forgetResults, options: RunOptions(namespace: namespace))
            }
            output = try await runtime.interpreter.run(code, options: options, inputs: inputs)
        } catch let PyEmbedError.exception(exception) {
            throw RunnerFailure(error: Self.failure(exception, attempt: attempt, folder: folder), exception: exception)
        } catch let PyEmbedError.interrupted(reason, exception) {
            if case let .timeout(seconds) = reason {
                throw RunnerFailure(error: .executionTimeout(seconds: seconds, attempt: attempt, folder: folder), exception: exception)
            }
            throw RunnerFailure(
                error: .cancelled(stage: .execution, attempt: attempt, folder: folder), stdout: exception.stdout, stderr: exception.stderr)
        } catch {
            throw RunnerFailure(error: .runtime(message: "\(error)", traceback: "", attempt: attempt, folder: folder))
        }
        let results: PythonValue?, warnings: [ConversionWarning]
        do {
            (results, warnings) = try await runtime.interpreter.withGIL { gil throws(PyEmbedError) -> (PythonValue?, [ConversionWarning]) in
                guard output.variable("results", gil) != nil else { return (nil, []) }
                var warnings: [ConversionWarning] = []
                return (try output.value("results", warnings: &warnings, gil), warnings)
            }
        } catch {
            // The code ran to its end (perhaps writing to channels): running it again would repeat that.
            throw RunnerFailure(
                error: .workflow(message: "the code ran, but its results could not be converted: \(error)", stage: .execution),
                stdout: output.stdout, stderr: output.stderr)
        }
        guard let results else {
            throw RunnerFailure(
                error: .runtime(message: "Code did not create required 'results' dictionary", traceback: "", attempt: attempt, folder: folder),
                stdout: output.stdout, stderr: output.stderr, resultsMissing: true)
        }
        return ExecutionOutcome(
            results: results, stdout: output.stdout, stderr: output.stderr, seconds: output.duration.seconds, figures: output.figures,
            conversionWarnings: warnings.map(\.description), figureFailures: output.figureFailures.map(\.description))
    }

    /// The executor's error for an exception the code raised in `folder`'s run.
    static func failure(_ exception: PythonException, attempt: Int, folder: String) -> PythonExecutorError {
        if exception.recognisedClasses.contains(ChannelLimitsGuard.violationType) {
            var violation = ChannelLimitsGuard.violation(in: exception)
            violation.attempt = attempt
            violation.executionFolder = folder
            return .channelLimitsViolation(violation)
        }
        // The error keeps the exception's type, message and traceback; its output is in the run's metadata.
        var raised = exception
        raised.stdout = ""
        raised.stderr = ""
        if exception.typeName == "ModuleNotFoundError" {
            let module = exception.message.split(separator: "'").dropFirst().first.map(String.init) ?? exception.message
            return .runtime(message: MissingModule.hint(for: module), traceback: exception.traceback, attempt: attempt, exception: raised, folder: folder)
        }
        return .runtime(message: exception.description, traceback: exception.traceback, attempt: attempt, exception: raised, folder: folder)
    }
}

/// The `context` of an in-process run: making it configures the channel-limits
/// guard and the run-time API for this run, then wraps the data in `pyexec_runtime.Context`.
struct ContextInput: ConvertibleToPython, Sendable {
    let data: PythonValue
    let settings: String

    static let helper = HelperModule(name: "pyexec_context_input", utf8: PackageResources.pyexec_context_input_py)

    func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try Self.helper.call("make", [settings, data], gil)
    }
}

/// A failed run: the executor's error, and what the code printed before it failed.
struct RunnerFailure: Error {
    var error: PythonExecutorError
    var stdout = ""
    var stderr = ""
    /// The Python exception's type (`ZeroDivisionError`), when the code raised.
    var pythonType: String?
    var resultsMissing = false

    init(error: PythonExecutorError, stdout: String = "", stderr: String = "", resultsMissing: Bool = false) {
        self.error = error
        self.stdout = stdout
        self.stderr = stderr
        self.resultsMissing = resultsMissing
    }

    init(error: PythonExecutorError, exception: PythonException) {
        self.init(error: error, stdout: exception.stdout, stderr: exception.stderr)
        pythonType = exception.typeName
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
