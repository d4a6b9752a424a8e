import MCP

/// The tools `pyexec mcp` offers, with their JSON schemas (the README lists them).
enum MCPTools {
    static let run = "run_python"
    static let analyze = "analyze_python"
    static let listSessions = "list_sessions"
    static let resetSession = "reset_session"

    static let all: [Tool] = [
        Tool(
            name: run, title: "Run Python",
            description: """
                Runs Python (numpy, pandas, matplotlib available) after static analysis and the configured approval policy. \
                Assign what you want back to a dictionary named `results`; it returns as structured content (strict JSON), \
                printed output as text, each open matplotlib figure as a PNG image. Code the policy says needs approval is \
                not run: the answer says how a person approves it. With `session`, variables persist between calls.
                """,
            inputSchema: .object([
                "type": "object",
                "properties": .object([
                    "code": .object(["type": "string", "description": "The Python code to run."]),
                    "session": .object(["type": "string", "description": "A session name (letters, digits, _ or -): variables persist across calls with the same name."]),
                    "isolation": .object(["type": "string", "enum": .array([.string("process"), .string("in_process")]), "description": "Where the code runs: process (a separate process) or in_process (trusted code only; refused unless the server was started with --isolation in-process)."]),
                    "timeout": .object(["type": "number", "exclusiveMinimum": 0, "description": "Seconds the code may run."]),
                ]),
                "required": .array(["code"]),
            ]),
            annotations: .init(title: "Run Python", readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true)),
        Tool(
            name: analyze, title: "Analyse Python",
            description: "Statically analyses Python code without running it: syntax, security findings, channel reads and writes, the execution mode, and whether the policy would ask for approval.",
            inputSchema: .object([
                "type": "object",
                "properties": .object(["code": .object(["type": "string", "description": "The Python code to analyse."])]),
                "required": .array(["code"]),
            ]),
            annotations: .init(title: "Analyse Python", readOnlyHint: true, idempotentHint: true, openWorldHint: false)),
        Tool(
            name: listSessions, title: "List sessions",
            description: "Lists the named sessions: name, isolation tier, runs so far, creation time.",
            inputSchema: .object(["type": "object", "properties": .object([:])]),
            annotations: .init(title: "List sessions", readOnlyHint: true, idempotentHint: true, openWorldHint: false)),
        Tool(
            name: resetSession, title: "Reset a session",
            description: "Ends a named session: its variables are gone; a later call with the same name starts empty.",
            inputSchema: .object([
                "type": "object",
                "properties": .object(["session": .object(["type": "string", "description": "The session's name."])]),
                "required": .array(["session"]),
            ]),
            annotations: .init(title: "Reset a session", readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false)),
    ]
}
