import ArgumentParser
import Foundation
import PyEmbed
import PythonExecutor

/// `pyexec ask "QUESTION"`: the service's whole workflow from the command line — the
/// configured model writes the code, which is analysed, approved, run and retried with its errors.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask a question: the configured model writes Python, which is analysed, approved, run and retried.",
        discussion: """
            The model is the configuration's generator (execution.code_generator with execution.generator, or the \
            reference's execution.generators.<name> and models.<name>). Each attempt's code is shown on standard error \
            before it is analysed or approved. --json prints the `pyexec run` object plus `attempts`: every attempt's code and error.
            """)

    @Argument(help: "The question.")
    var question: String

    @Option(help: "What the code must achieve (default: the question).")
    var task: String?

    @Option(name: .customLong("expect"), help: "A result the code must produce, as NAME=TYPE (or NAME=description); repeatable.")
    var expected: [String] = []

    @Option(help: "A JSON file whose content the code reads as `context`.")
    var context: String?

    @Option(help: "Attempts shared by generation, analysis and execution before giving up.")
    var retries = 3

    @OptionGroup var approval: ApprovalOptions

    @OptionGroup var options: ServiceOptions

    func validate() throws {
        guard (1...100).contains(retries) else { throw ValidationError("--retries must be from 1 to 100") }
        guard !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("the question is empty") }
        _ = try expectedResults()
    }

    /// `--expect NAME=TYPE` as the request's expected results.
    func expectedResults() throws -> [String: String] {
        var results: [String: String] = [:]
        for item in expected {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--expect takes NAME=TYPE, not '\(item)'")
            }
            results[parts[0]] = parts[1]
        }
        return results
    }

    func run() async throws {
        AnswerStreams.setUp()
        var output = OutputWriter(json: options.json)
        var recorder: AttemptRecorder?
        do {
            let configuration = try options.configuration()
            let generator = AttemptRecorder(try configuration.makeCodeGenerator())
            recorder = generator
            let service = try PythonExecutorService(
                configuration: configuration, generator: generator,
                approvalHandler: approval.handler())
            let request = PythonExecutionRequest(
                userQuery: question, taskObjective: task ?? question, expectedResults: try expectedResults(),
                executionFolderName: "ask", retries: retries,
                capabilityContextData: try context.map { try ContextFile.read($0, configuration: configuration) })
            let (result, interrupted) = await Interruption.cancellable { [output] in try await service.execute(request) { output.status($0) } }
            await service.shutDownKernels()
            output.extraEntries = Self.attempts(generator, result)
            try output.report(result, interrupted: interrupted)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            if output.extraEntries.isEmpty, let recorder { output.extraEntries = Self.attempts(recorder, nil) }
            throw output.fail(error)
        }
    }

    /// The `attempts` member: what each attempt's code was and how it failed.
    private static func attempts(_ recorder: AttemptRecorder, _ result: Result<ServiceOutcome, any Error>?) -> [PythonDictionary.Entry] {
        var chain: [ExecutionError]?
        if case let .failure(error)? = result {
            switch error as? PythonExecutorError {
            case let .maxAttemptsExceeded(_, final)?: chain = final
            case let .codeGeneration(_, _, final, _)?: chain = final
            default: break
            }
        }
        return [.init(key: "attempts", value: recorder.attempts(finalChain: chain))]
    }
}
