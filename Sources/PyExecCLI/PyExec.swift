import ArgumentParser

/// `pyexec`: run Python through the execution service from the command line.
public struct PyExec: AsyncParsableCommand {
    /// The command's name, help and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "pyexec",
        abstract: "Run Python code through the PyEmbed execution service: analyse, approve, execute, save results and notebooks.",
        subcommands: [RunCommand.self, ResumeCommand.self, TestCommand.self])

    /// Creates the command (ArgumentParser fills it from the arguments).
    public init() {}

    /// Parses the process's arguments and runs the chosen command: the entry point
    /// of the `pyexec` executable. (Called from another module, `PyExec.main()`
    /// resolves to the synchronous `main`, which refuses async commands.)
    public static func start() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
