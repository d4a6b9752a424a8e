import Foundation
import PyEmbed
import PythonExecutor
import Synchronization

/// Wraps the configured generator for `pyexec ask`: shows each attempt's code on
/// standard error as soon as it is written (before analysis and approval) and keeps
/// every attempt's code and the error chain for the `--json` answer.
final class AttemptRecorder: CodeGenerator {
    private let generator: any CodeGenerator
    private let log = Mutex<(codes: [String], chain: [ExecutionError])>(([], []))

    init(_ generator: any CodeGenerator) {
        self.generator = generator
    }

    func generate(_ request: PythonExecutionRequest, errorChain: [ExecutionError]) async throws -> String {
        log.withLock { $0.chain = errorChain }
        let attempt = errorChain.count + 1
        let code = try await generator.generate(request, errorChain: errorChain)
        log.withLock { $0.codes.append(code) }
        AnswerStreams.error("--- generated code (attempt \(attempt)) ---\n\(code)\n---\n")
        return code
    }

    /// Every attempt: its code (when the generator gave some) and its error (`null` for the one that ran),
    /// given the chain the run ended with.
    func attempts(finalChain: [ExecutionError]? = nil) -> PythonValue {
        let (codes, seen) = log.withLock { ($0.codes, $0.chain) }
        let chain = finalChain ?? seen
        let count = max(codes.count, chain.map(\.attemptNumber).max() ?? 0)
        return .list((0..<count).map { index in
            let error = chain.first { $0.attemptNumber == index + 1 }
            return .dict(PythonDictionary([
                .init(key: "attempt", value: .int(PythonInteger(index + 1))),
                .init(key: "code", value: index < codes.count ? .string(codes[index]) : .none),
                .init(key: "error", value: error.map { error in
                    .dict(PythonDictionary([
                        .init(key: "type", value: .string(error.errorType.rawValue)),
                        .init(key: "stage", value: .string(error.stage)),
                        .init(key: "message", value: .string(error.errorMessage)),
                        .init(key: "traceback", value: error.traceback.map(PythonValue.string) ?? .none),
                        .init(key: "analysis_issues", value: .list(error.analysisIssues.map(PythonValue.string))),
                    ]))
                } ?? .none),
            ]))
        })
    }
}
