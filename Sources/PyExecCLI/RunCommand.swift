import ArgumentParser
import Foundation
import PyEmbed
import PythonExecutor

/// `pyexec run FILE | -c CODE | -`.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a Python file, a -c string, or standard input (-).")

    @Argument(help: "The Python file to run, or - for standard input.")
    var file: String?

    @Option(name: .customShort("c"), help: "Python code to run.")
    var code: String?

    @Option(help: "A JSON file whose content the code reads as `context`.")
    var context: String?

    @Option(help: "The task, as the service records it (default: the file name).")
    var task: String?

    @OptionGroup var approval: ApprovalOptions

    @OptionGroup var options: ServiceOptions

    func validate() throws {
        guard (file == nil) != (code == nil) else { throw ValidationError("give exactly one of FILE, -c CODE or -") }
        guard !(approval.approve && file == "-") else { throw ValidationError("--approve reads the answer from standard input, which - uses for the code") }
    }

    func run() async throws {
        AnswerStreams.setUp()
        let output = OutputWriter(json: options.json)
        do {
            let configuration = try options.configuration()
            let source = try SourceInput.read(file: file, code: code, configuration: configuration)
            let service = try PythonExecutorService(
                configuration: configuration, generator: StaticCodeGenerator(code: source),
                approvalHandler: approval.handler(stdinHoldsInput: file == "-"))
            let name = file.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent } ?? "pyexec"
            let request = PythonExecutionRequest(
                userQuery: task ?? "Run \(file ?? "code")", taskObjective: task ?? "Run \(file ?? "the given code")",
                executionFolderName: name.isEmpty || name == "-" ? "pyexec" : name, retries: 1,
                capabilityContextData: try context.map { try ContextFile.read($0, configuration: configuration) })
            let (result, interrupted) = await Interruption.cancellable { try await service.execute(request) { output.status($0) } }
            await service.shutDownKernels()
            try output.report(result, interrupted: interrupted)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw output.fail(error)
        }
    }
}
