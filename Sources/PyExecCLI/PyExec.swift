import ArgumentParser

/// `pyexec`: run Python through the execution service from the command line.
public struct PyExec: AsyncParsableCommand {
    /// The command's name, help and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "pyexec",
        abstract: "Run Python code through the PyEmbed execution service: analyse, approve, execute, save results and notebooks.",
        subcommands: [RunCommand.self, ResumeCommand.self])

    /// Creates the command (ArgumentParser fills it from the arguments).
    public init() {}

    /// Parses the process's arguments and runs the chosen command, then exits.
    ///
    /// The executable calls this rather than `main()`: from another module's top-level
    /// code, `PyExec.main()` resolves to `ParsableCommand`'s synchronous `main()`, which
    /// refuses an asynchronous root command (in debug builds) or never awaits `run()`.
    public static func start() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
