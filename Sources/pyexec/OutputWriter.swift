import ArgumentParser
import Foundation
import PyEmbed
import PythonExecutor

/// Writes what `pyexec` reports: status lines on stderr, the outcome on stdout
/// as text or as one JSON object.
struct OutputWriter: Sendable {
    let json: Bool

    /// Exit status of a run that stopped for approval.
    static let pendingStatus: Int32 = 3
    /// Exit status of a rejected run.
    static let rejectedStatus: Int32 = 4

    func status(_ event: StatusEvent) {
        FileHandle.standardError.write(Data("[\(event.stage.rawValue) #\(event.attempt)] \(event.message)\n".utf8))
    }

    /// Prints the outcome; throws an exit code for outcomes other than success.
    func report(_ outcome: ServiceOutcome) throws {
        switch outcome {
        case let .success(result):
            if json {
                try emit(Self.successDictionary(result))
            } else {
                let success = result.executionResult
                if !success.stdout.isEmpty { print("--- output ---\n\(success.stdout)", terminator: success.stdout.hasSuffix("\n") ? "" : "\n") }
                print("--- results ---\n\(Pretty.text(success.results))")
                for path in success.figurePaths { print("figure: \(path)") }
                print("notebook: \(success.notebookPath)")
                print("folder: \(success.folderPath)")
                print(String(format: "ran in %.3f s (attempt %d)", success.executionTime, result.generationAttempt))
                for warning in result.analysisWarnings { print("warning: \(warning)") }
            }
        case let .pendingApproval(pending):
            if json {
                try emit(.dict(PythonDictionary([
                    .init(key: "pending_approval", value: .dict(PythonDictionary([
                        .init(key: "folder", value: .string(pending.folder)),
                        .init(key: "code", value: .string(pending.approval.code)),
                        .init(key: "execution_mode", value: .string(pending.approval.executionMode.rawValue)),
                        .init(key: "notebook_path", value: .string(pending.approval.notebookPath)),
                        .init(key: "safety_concerns", value: .list(pending.approval.safetyConcerns.map(PythonValue.string))),
                    ]))),
                ])))
            } else {
                print("The code needs approval: \(pending.approval.reasoning)")
                for concern in pending.approval.safetyConcerns { print("concern: \(concern)") }
                print("review: \(pending.approval.notebookPath)")
                print("then: pyexec resume \(pending.folder) --approve   (or --reject)")
            }
            throw ExitCode(Self.pendingStatus)
        case let .rejected(reason, _, folder):
            if json {
                try emit(.dict(PythonDictionary([.init(key: "rejected", value: .dict(PythonDictionary([
                    .init(key: "reason", value: .string(reason)), .init(key: "folder", value: .string(folder)),
                ])))])))
            } else {
                print("Rejected: \(reason). Nothing ran. (\(folder))")
            }
            throw ExitCode(Self.rejectedStatus)
        }
    }

    /// Reports `error` and returns the exit code to throw.
    func fail(_ error: any Error) -> any Error {
        if error is ExitCode || error is ValidationError || error is CleanExit { return error }
        let (category, type, message, traceback) = Self.describe(error)
        if json {
            let body = PythonValue.dict(PythonDictionary([.init(key: "error", value: .dict(PythonDictionary([
                .init(key: "category", value: .string(category)), .init(key: "type", value: .string(type)),
                .init(key: "message", value: .string(message)), .init(key: "traceback", value: traceback.map(PythonValue.string) ?? .none),
            ])))]))
            try? emit(body)
        } else {
            FileHandle.standardError.write(Data("pyexec: \(type): \(message)\n".utf8))
            if let traceback, !traceback.isEmpty { FileHandle.standardError.write(Data(traceback.utf8)) }
        }
        return ExitCode.failure
    }

    private func emit(_ value: PythonValue) throws {
        print(try value.jsonString(prettyPrinted: true))
    }

    static func describe(_ error: any Error) -> (category: String, type: String, message: String, traceback: String?) {
        // One attempt (pyexec's static code): report the failure itself, not the exhausted limit.
        if case let .maxAttemptsExceeded(_, chain)? = error as? PythonExecutorError, chain.count == 1, let last = chain.last {
            let (category, type): (String, String)
            switch last.errorType {
            case .generation: (category, type) = ("CODE_RELATED", "CodeGenerationError")
            case .analysis: (category, type) = ("CODE_RELATED", "StaticAnalysisError")
            case .syntax: (category, type) = ("CODE_RELATED", "CodeSyntaxError")
            case .execution where last.errorMessage.contains("ran longer than"): (category, type) = ("WORKFLOW", "ExecutionTimeoutError")
            case .execution: (category, type) = ("CODE_RELATED", "CodeRuntimeError")
            }
            return (category, type, last.errorMessage, last.traceback)
        }
        if let error = error as? PythonExecutorError {
            return (error.category.rawValue, error.typeName, error.description, error.traceback)
        }
        return ("INFRASTRUCTURE", String(describing: type(of: error)), "\(error)", nil)
    }

    /// The reference's success dictionary plus `generated_code`, `generation_attempt`, `analysis_warnings`.
    static func successDictionary(_ result: PythonServiceResult) -> PythonValue {
        guard case var .dict(dictionary) = result.executionResult.dictionary else { return .none }
        dictionary.entries.append(.init(key: "generated_code", value: .string(result.generatedCode)))
        dictionary.entries.append(.init(key: "generation_attempt", value: .int(PythonInteger(result.generationAttempt))))
        dictionary.entries.append(.init(key: "analysis_warnings", value: .list(result.analysisWarnings.map(PythonValue.string))))
        return .dict(dictionary)
    }
}

/// Results for people: one `key: value` line per entry of a results dictionary.
enum Pretty {
    static func text(_ value: PythonValue) -> String {
        guard case let .dict(dictionary) = value else { return value.description }
        return dictionary.entries.map { "\($0.key.stringValue ?? $0.key.description): \($0.value)" }.joined(separator: "\n")
    }
}

extension PythonDictionary.Entry {
    /// A pair with a string key.
    init(key: String, value: PythonValue) {
        self.init(key: .string(key), value: value)
    }
}
