import ArgumentParser
import Foundation
import PythonExecutor

/// `pyexec resume FOLDER --approve | --reject`.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Approve or reject a run that stopped for approval.")

    @Argument(help: "The execution folder of the paused run.")
    var folder: String

    @Flag(help: "Run the code as it was shown.")
    var approve = false

    @Flag(help: "Do not run it.")
    var reject = false

    @Option(help: "Why it was rejected.")
    var reason = "rejected on the command line"

    @OptionGroup var options: ServiceOptions

    func validate() throws {
        guard approve != reject else { throw ValidationError("give exactly one of --approve or --reject") }
    }

    func run() async throws {
        let output = OutputWriter(json: options.json)
        do {
            let pending = try PendingApprovalFile.code(in: folder)
            let service = try PythonExecutorService(configuration: try options.configuration(), generator: StaticCodeGenerator(code: pending))
            let decision: ApprovalDecision = approve ? .approved() : .rejected(reason: reason)
            let outcome = try await service.resume(folder: folder, decision: decision) { output.status($0) }
            try output.report(outcome)
        } catch {
            throw output.fail(error)
        }
    }
}
