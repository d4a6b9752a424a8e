import ArgumentParser

/// `pyexec`: run Python through the execution service from the command line.
public struct PyExec: AsyncParsableCommand {
    /// The command's name, help and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "pyexec",
        abstract: "Run Python code through the PyEmbed execution service: analyse, approve, execute, save results and notebooks.",
        subcommands: [RunCommand.self, AskCommand.self, ResumeCommand.self, MCPCommand.self])

    /// Creates the command (ArgumentParser fills it from the arguments).
    public init() {}

    /// Parses the program's arguments and runs the chosen command: the executable's entry point.
    ///
    /// Spelled out rather than `await PyExec.main()`, which can resolve to the synchronous
    /// `ParsableCommand.main()` — in debug builds that one stops at once with "Asynchronous
    /// root command needs availability annotation".
    public static func start() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
