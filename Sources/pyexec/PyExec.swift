import ArgumentParser

/// `pyexec`: run Python through the execution service from the command line.
@main
struct PyExec: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pyexec",
        abstract: "Run Python code through the PyEmbed execution service: analyse, approve, execute, save results and notebooks.",
        subcommands: [RunCommand.self, ResumeCommand.self])
}
