import ArgumentParser
import Foundation
import PythonExecutor

/// `pyexec resume FOLDER [--approve [--digest HEX] | --reject]`.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Show, approve or reject a run that stopped for approval.",
        discussion: """
            Without --approve or --reject, shows the code waiting in FOLDER and its SHA-256 (exit status 3). \
            --approve --digest HEX runs the code only if it is exactly the version with that digest.
            """)

    @Argument(help: "The execution folder of the paused run.")
    var folder: String

    @Flag(help: "Run the code as it was shown.")
    var approve = false

    @Flag(help: "Do not run it.")
    var reject = false

    @Option(help: "The SHA-256 (64 hex digits) of the code you reviewed; --approve refuses any other version.")
    var digest: String?

    @Option(help: "Why it was rejected.")
    var reason = "rejected on the command line"

    @OptionGroup var options: ServiceOptions

    func validate() throws {
        guard !(approve && reject) else { throw ValidationError("give at most one of --approve or --reject") }
        guard digest == nil || approve else { throw ValidationError("--digest goes with --approve") }
    }

    func run() async throws {
        AnswerStreams.setUp()
        var output = OutputWriter(json: options.json)
        do {
            let pending = try PythonExecutorService.pendingApproval(folder: folder)
            guard approve || reject else {
                output.showPending(pending)
                throw ExitCode(OutputWriter.pendingStatus)
            }
            // What is decided is what is shown: the code and its digest come first.
            AnswerStreams.error("--- code in \(pending.folder) ---\n\(pending.approval.code)\n--- sha256: \(pending.codeSHA256)\n")
            output.reviewedDigest = pending.codeSHA256
            let service = try PythonExecutorService(
                configuration: try options.configuration(), generator: StaticCodeGenerator(code: pending.approval.code))
            let decision: ApprovalDecision = approve ? .approved() : .rejected(reason: reason)
            let outcome: ServiceOutcome
            do {
                outcome = try await service.resume(
                    folder: pending.folder, decision: decision, approvedDigest: digest ?? pending.codeSHA256) { [output] in output.status($0) }
            } catch {
                await service.shutDownKernels()
                throw error
            }
            await service.shutDownKernels()
            try output.report(outcome)
        } catch {
            throw output.fail(error)
        }
    }
}
