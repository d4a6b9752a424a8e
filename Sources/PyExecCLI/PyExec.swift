import ArgumentParser

/// `pyexec`: run Python through the execution service from the command line.
public struct PyExec: AsyncParsableCommand {
    /// The command's name, help and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "pyexec",
        abstract: "Run Python code through the PyEmbed execution service: analyse, approve, execute, save results and notebooks.",
        subcommands: [RunCommand.self, AskCommand.self, ResumeCommand.self, TestCommand.self, MCPCommand.self])

    /// Creates the command (ArgumentParser fills it from the arguments).
    public init() {}
}
