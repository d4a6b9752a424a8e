import Foundation
import PyEmbed
import PyEmbedProcess

/// The outcome a run in a kernel publishes (`pyexec_kernel.run`): one
/// `display_data` whose ``mimeType`` entry is base64 of one wire-format message
/// (Documentation/WireFormat.md) holding a dict with `results` (absent when the
/// code made none), `figures`, `error` and `failures`.
enum JupyterPayload {
    /// The project's MIME type for the outcome.
    static let mimeType = "application/vnd.pyembed.wire+base64"

    /// The run's outcome, or the failure it reports.
    ///
    /// The bytes come from a kernel running generated code: they are decoded
    /// with the wire format's checks, and a malformed payload is a typed error.
    static func outcome(
        base64: String, stdout: String, stderr: String, seconds: Double, attempt: Int, folder: String
    ) throws(RunnerFailure) -> ExecutionOutcome {
        func broken(_ reason: String) -> RunnerFailure {
            RunnerFailure(
                error: .workflow(message: "the kernel's outcome could not be read: \(reason)", stage: .execution), stdout: stdout, stderr: stderr)
        }
        guard let bytes = Data(base64Encoded: base64) else { throw broken("its payload is not base64") }
        let value: PythonValue
        do { value = try WireFormat.decode([UInt8](bytes)) } catch { throw broken("\(error)") }
        guard case .dict = value else { throw broken("it is not a dict") }
        if case let .dict(record)? = value["error"] {
            var exception = PythonException(
                typeName: text(record["type"]), message: text(record["message"]), traceback: text(record["traceback"]),
                line: record["line"].flatMap(integer))
            if case let .list(names)? = record["hierarchy"] { exception.hierarchy = names.map(text) }
            if case let .list(names)? = record["recognised"] { exception.recognisedClasses = names.map(text) }
            exception.stdout = stdout
            exception.stderr = stderr
            throw RunnerFailure(error: InProcessRunner.failure(exception, attempt: attempt, folder: folder), exception: exception)
        }
        var failures: [String] = []
        if case let .list(items)? = value["failures"] { failures = items.map(text) }
        if let failure = failures.first, value["results"] == nil {
            // The code ran to its end (perhaps writing to channels): running it again would repeat that.
            throw RunnerFailure(
                error: .workflow(message: "the code ran, but its results could not be converted: \(failure)", stage: .execution),
                stdout: stdout, stderr: stderr)
        }
        guard let results = value["results"] else {
            throw RunnerFailure(
                error: .runtime(message: "Code did not create required 'results' dictionary", traceback: "", attempt: attempt, folder: folder),
                stdout: stdout, stderr: stderr, resultsMissing: true)
        }
        var figures: [Figure] = []
        if case let .list(items)? = value["figures"] {
            for case let .figure(figure) in items { figures.append(figure) }
        }
        return ExecutionOutcome(results: results, stdout: stdout, stderr: stderr, seconds: seconds, figures: figures)
    }

    private static func text(_ value: PythonValue?) -> String {
        if case let .string(text)? = value { return text }
        return ""
    }

    private static func integer(_ value: PythonValue) -> Int? {
        if case let .int(number) = value { return number.intValue }
        return nil
    }
}
