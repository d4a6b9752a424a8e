import ArgumentParser
import Foundation
import PyEmbed
import PythonExecutor

/// Writes what `pyexec` reports: status lines on stderr, the outcome on stdout
/// as text or as one JSON object — both through ``AnswerStreams``, so code that
/// closes descriptors 1 or 2 cannot take the answer away.
struct OutputWriter: Sendable {
    let json: Bool
    /// The SHA-256 of the code a reviewer approved or rejected (`pyexec resume`), added to the answer.
    var reviewedDigest: String?
    /// Members added to every JSON answer's top level (`pyexec ask`'s `attempts`).
    var extraEntries: [PythonDictionary.Entry] = []

    /// Exit status of a run that stopped for approval.
    static let pendingStatus: Int32 = 3
    /// Exit status of a rejected run.
    static let rejectedStatus: Int32 = 4

    func status(_ event: StatusEvent) {
        switch event.stage {
        case .stdout, .stderr:
            // What code on a Jupyter kernel prints, as it prints it (the report repeats stdout at the end).
            AnswerStreams.error(event.message)
        default:
            AnswerStreams.error("[\(event.stage.rawValue) #\(event.attempt)] \(event.message)\n")
        }
    }

    /// Prints a text line on pyexec's standard output.
    func line(_ text: String) {
        AnswerStreams.output(text + "\n")
    }

    /// Prints the outcome; throws an exit code for outcomes other than success.
    func report(_ outcome: ServiceOutcome) throws {
        switch outcome {
        case let .success(result):
            if json {
                var dictionary = Self.successDictionary(result)
                if let reviewedDigest { dictionary.entries.append(.init(key: "approved_code_sha256", value: .string(reviewedDigest))) }
                dictionary.entries += extraEntries
                if let results = result.executionResult.resultsJSON, dictionary.first?.key == .string("results") {
                    // results.json's bytes, not a second encoding of the same value.
                    dictionary.entries.removeFirst()
                    let rest = try PythonValue.dict(dictionary).jsonString(prettyPrinted: true, policy: ReferenceJSONPolicy(keys: .text))
                    var answer = JSONSplice.object(first: "results", encoded: results, rest: rest)
                    answer.append(UInt8(ascii: "\n"))
                    AnswerStreams.output(answer)
                } else {
                    try emit(.dict(dictionary))
                }
            } else {
                let success = result.executionResult
                if !success.stdout.isEmpty { AnswerStreams.output("--- output ---\n\(success.stdout)" + (success.stdout.hasSuffix("\n") ? "" : "\n")) }
                line("--- results ---\n\(Pretty.text(success.results))")
                for path in success.figurePaths { line("figure: \(path)") }
                line("notebook: \(success.notebookPath)")
                line("folder: \(success.folderPath)")
                line(String(format: "ran in %.3f s (attempt %d)", success.executionTime, result.generationAttempt))
                for warning in result.analysisWarnings { line("warning: \(warning)") }
            }
        case let .pendingApproval(pending):
            showPending(pending)
            throw ExitCode(Self.pendingStatus)
        case let .rejected(reason, _, folder):
            if json {
                var body = PythonDictionary([.init(key: "reason", value: .string(reason)), .init(key: "folder", value: .string(folder))])
                if let reviewedDigest { body.entries.append(.init(key: "code_sha256", value: .string(reviewedDigest))) }
                try emit(.dict(PythonDictionary([.init(key: "rejected", value: .dict(body))] + extraEntries)))
            } else {
                line("Rejected: \(reason). Nothing ran. (\(folder))")
            }
            throw ExitCode(Self.rejectedStatus)
        }
    }

    /// Prints a run's outcome; an interrupted run's error is printed and ends with ``Interruption/status``.
    func report(_ result: Result<ServiceOutcome, any Error>, interrupted: Bool) throws {
        if interrupted, case let .failure(error) = result {
            _ = fail(error)
            throw ExitCode(Interruption.status)
        }
        try report(try result.get())
    }

    /// Shows a run waiting for approval: the code, its SHA-256 and how to go on
    /// (JSON: `{"pending_approval": {folder, code, code_sha256, …}}`).
    func showPending(_ pending: PendingApproval) {
        if json {
            try? emit(.dict(PythonDictionary([
                .init(key: "pending_approval", value: .dict(PythonDictionary([
                    .init(key: "folder", value: .string(pending.folder)),
                    .init(key: "code", value: .string(pending.approval.code)),
                    .init(key: "code_sha256", value: .string(pending.codeSHA256)),
                    .init(key: "execution_mode", value: .string(pending.approval.executionMode.rawValue)),
                    .init(key: "notebook_path", value: .string(pending.approval.notebookPath)),
                    .init(key: "safety_concerns", value: .list(pending.approval.safetyConcerns.map(PythonValue.string))),
                ]))),
            ] + extraEntries)))
        } else {
            line("The code needs approval: \(pending.approval.reasoning)")
            for concern in pending.approval.safetyConcerns { line("concern: \(concern)") }
            line("--- code ---\n\(pending.approval.code)\n--- sha256: \(pending.codeSHA256)")
            line("review: \(pending.approval.notebookPath)")
            line("then: pyexec resume \(pending.folder) --approve --digest \(pending.codeSHA256)   (or --reject)")
        }
    }

    /// Reports `error` and returns the exit code to throw.
    func fail(_ error: any Error) -> any Error {
        if error is ExitCode || error is ValidationError || error is CleanExit { return error }
        let (category, type, message, traceback) = Self.describe(error)
        if json {
            var fields = PythonDictionary([
                .init(key: "category", value: .string(category)), .init(key: "type", value: .string(type)),
                .init(key: "message", value: .string(message)), .init(key: "traceback", value: traceback.map(PythonValue.string) ?? .none),
            ])
            if let error = error as? PythonExecutorError { fields.entries += Self.location(of: error) }
            let body = PythonValue.dict(PythonDictionary([.init(key: "error", value: .dict(fields))] + extraEntries))
            try? emit(body)
        } else {
            AnswerStreams.error("pyexec: \(type): \(message)\n")
            if let traceback, !traceback.isEmpty { AnswerStreams.error(traceback) }
            if let folder = (error as? PythonExecutorError)?.executionFolder { AnswerStreams.error("folder: \(folder)\n") }
        }
        return ExitCode.failure
    }

    /// The error's place in the run, read from its case: `stage`, `attempt`,
    /// `execution_folder`, the Python exception (`exception`: type, message) and,
    /// for a refused channel write, its `violation` (channel, value, limits, type), and
    /// for a process that died, its `crash` (process, exit status, signal, kernel).
    static func location(of error: PythonExecutorError) -> [PythonDictionary.Entry] {
        func optional<T>(_ value: T?, _ wrap: (T) -> PythonValue) -> PythonValue { value.map(wrap) ?? .none }
        var entries: [PythonDictionary.Entry] = [
            .init(key: "stage", value: optional(error.stage) { .string($0.rawValue) }),
            .init(key: "attempt", value: optional(error.attempt) { .int(PythonInteger($0)) }),
            .init(key: "execution_folder", value: optional(error.executionFolder, PythonValue.string)),
            .init(key: "exception", value: optional(error.pythonException) { exception in
                .dict(PythonDictionary([
                    .init(key: "type", value: .string(exception.typeName)), .init(key: "message", value: .string(exception.message)),
                ]))
            }),
        ]
        if case let .channelLimitsViolation(violation) = error.lastFailure {
            entries.append(.init(key: "violation", value: violation.dictionary))
        }
        if let crash = error.crash { entries.append(.init(key: "crash", value: crash.dictionary)) }
        return entries
    }

    /// Prints `value` as one JSON object; keys JSON cannot hold are written as their `str()` text.
    private func emit(_ value: PythonValue) throws {
        AnswerStreams.output(try value.jsonString(prettyPrinted: true, policy: ReferenceJSONPolicy(keys: .text)) + "\n")
    }

    /// The answer's `category`, `type`, `message` and `traceback`, from the error's case.
    static func describe(_ error: any Error) -> (category: String, type: String, message: String, traceback: String?) {
        guard let error = error as? PythonExecutorError else {
            return ("INFRASTRUCTURE", String(describing: type(of: error)), "\(error)", nil)
        }
        // One attempt (pyexec's static code): report the failure itself, not the exhausted limit.
        if case let .maxAttemptsExceeded(_, chain) = error, chain.count == 1, let last = chain.last {
            if let failure = last.failure { return (failure.category.rawValue, failure.typeName, last.errorMessage, last.traceback) }
            // An attempt read back from a paused run's file has only its kind.
            let type: String
            switch last.errorType {
            case .generation: type = "CodeGenerationError"
            case .analysis: type = "StaticAnalysisError"
            case .syntax: type = "CodeSyntaxError"
            case .execution: type = "CodeRuntimeError"
            }
            return (PythonExecutorError.Category.codeRelated.rawValue, type, last.errorMessage, last.traceback)
        }
        return (error.category.rawValue, error.typeName, error.description, error.traceback)
    }

    /// The reference's success dictionary plus `generated_code`, `generation_attempt`, `analysis_warnings`.
    static func successDictionary(_ result: PythonServiceResult) -> PythonDictionary {
        guard case var .dict(dictionary) = result.executionResult.dictionary else { return PythonDictionary() }
        dictionary.entries.append(.init(key: "generated_code", value: .string(result.generatedCode)))
        dictionary.entries.append(.init(key: "generation_attempt", value: .int(PythonInteger(result.generationAttempt))))
        dictionary.entries.append(.init(key: "analysis_warnings", value: .list(result.analysisWarnings.map(PythonValue.string))))
        return dictionary
    }
}

/// Results for people: one bounded `key: summary` line per entry of a results
/// dictionary (the full data is in `results.json` and `--json`).
enum Pretty {
    static func text(_ value: PythonValue) -> String {
        ResultsSummary.lines(value).joined(separator: "\n")
    }
}

extension PythonDictionary.Entry {
    /// A pair with a string key.
    init(key: String, value: PythonValue) {
        self.init(key: .string(key), value: value)
    }
}
