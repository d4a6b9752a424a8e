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

    func validate() throws {
        guard !options.json else { throw ValidationError("--json does not apply to mcp: its answers are MCP tool results") }
    }

    func run() async throws {
        AnswerStreams.setUp()
        let configuration = try options.configuration()
        let toolbox = MCPToolbox(configuration: configuration)
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
