import Foundation
import PyEmbed

/// Runs generated code in this process through PyEmbed, as the reference's
/// local execution wrapper does in a subprocess: the code runs as written
/// (never pasted into a template), with `context` set from the request, its
/// output captured, `results` required, and its open figures collected.
struct InProcessRunner: Sendable {
    let runtime: PythonRuntime
    let timeoutSeconds: Double

    /// The name tracebacks show for generated code.
    static let filename = "generated_code.py"

    /// Runs `code`.
    ///
    /// - Throws: ``PythonExecutorError/runtime(message:traceback:attempt:)`` for
    ///   an exception or missing `results`, ``PythonExecutorError/executionTimeout(seconds:)``,
    ///   ``PythonExecutorError/channelLimitsViolation(_:)`` when the code's write
    ///   guard refused a write.
    func run(_ code: String, context: PythonValue?, attempt: Int) async throws(PythonExecutorError) -> ExecutionOutcome {
        let limit = timeoutSeconds.isFinite ? min(max(timeoutSeconds, 0.001), 1_000_000) : 1_000_000
        let options = RunOptions(filename: Self.filename, timeout: .milliseconds(Int64(limit * 1000)))
        let inputs: [String: any ConvertibleToPython & Sendable] = ["context": context ?? .dict(PythonDictionary())]
        let output: RunOutput
        do {
            output = try await runtime.interpreter.run(code, options: options, inputs: inputs)
        } catch let PyEmbedError.exception(exception) {
            throw Self.failure(exception, attempt: attempt)
        } catch let PyEmbedError.interrupted(reason, exception) {
            if case let .timeout(seconds) = reason { throw .executionTimeout(seconds: seconds) }
            throw .runtime(message: "the run was cancelled", traceback: exception.traceback, attempt: attempt)
        } catch {
            throw .runtime(message: "\(error)", traceback: "", attempt: attempt)
        }
        let results: PythonValue?
        do {
            results = try await runtime.interpreter.withGIL { gil throws(PyEmbedError) -> PythonValue? in
                guard output.variable("results", gil) != nil else { return nil }
                return try output.value("results", as: PythonValue.self, gil)
            }
        } catch {
            throw .runtime(message: "the code's results could not be converted: \(error)", traceback: "", attempt: attempt)
        }
        guard let results else {
            throw .runtime(message: "Code did not create required 'results' dictionary", traceback: "", attempt: attempt)
        }
        let seconds = Double(output.duration.components.seconds) + Double(output.duration.components.attoseconds) / 1e18
        return ExecutionOutcome(results: results, stdout: output.stdout, stderr: output.stderr, seconds: seconds, figures: output.figures)
    }

    /// The executor's error for an exception the code raised.
    static func failure(_ exception: PythonException, attempt: Int) -> PythonExecutorError {
        if exception.typeName.hasSuffix("ChannelLimitsViolationError"), let violation = ChannelLimitsGuard.violation(in: exception) {
            return .channelLimitsViolation(violation)
        }
        if exception.typeName == "ModuleNotFoundError" {
            let module = exception.message.split(separator: "'").dropFirst().first.map(String.init) ?? exception.message
            let hint = "Missing Module: '\(module)'. Install it into the environment PyEmbed uses, e.g. `.venv/bin/pip install \(module.split(separator: ".").first.map(String.init) ?? module)`."
            return .runtime(message: hint, traceback: exception.traceback, attempt: attempt)
        }
        return .runtime(message: exception.description, traceback: exception.traceback, attempt: attempt)
    }
}
