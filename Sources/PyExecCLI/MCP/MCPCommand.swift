import ArgumentParser
import Foundation
import MCP

/// `pyexec mcp`: the execution service as Model Context Protocol tools over stdio.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the execution service as MCP tools over standard input and output.",
        discussion: """
            Tools: run_python, analyze_python, list_sessions, reset_session (see the README for their schemas). \
            The configured analysis and approval policy applies: code that needs approval is not run unless a \
            person approves it through the client (elicitation) or with `pyexec resume FOLDER --approve`. \
            Standard output carries the protocol; logs go to standard error.
            """)

    @OptionGroup var options: ServiceOptions

    @Option(help: "The most megabytes of results JSON a run's answer carries; larger results stay in the folder's results.json.")
    var resultsLimitMb = 16.0

    func validate() throws {
        guard !options.json else { throw ValidationError("--json does not apply to mcp: its answers are MCP tool results") }
        guard resultsLimitMb > 0, resultsLimitMb <= 4096 else { throw ValidationError("--results-limit-mb must be more than 0 and at most 4096") }
    }

    func run() async throws {
        AnswerStreams.setUp()
        let configuration = try options.configuration()
        let toolbox = MCPToolbox(configuration: configuration, resultsLimit: Int(resultsLimitMb * 1_048_576))
        let server = Server(
            name: "pyexec", version: "1.0",
            instructions: "Runs Python with numpy, pandas and matplotlib. Put what you want back in a `results` dictionary; figures come back as PNG images.",
            capabilities: .init(tools: .init(listChanged: false)))
        await toolbox.register(on: server)
        try await server.start(transport: StdioTransport()) { _, capabilities in
            await toolbox.clientCapabilities(capabilities)
        }
        AnswerStreams.error("pyexec mcp: serving on stdio (data in \(configuration.filePaths.agentDataDir))\n")
        await server.waitUntilCompleted()
        await toolbox.shutDown()
    }
}
