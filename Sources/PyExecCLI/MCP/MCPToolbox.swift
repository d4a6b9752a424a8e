import Foundation
import MCP
import PythonExecutor

/// What `pyexec mcp` serves: one warm service per isolation tier (made on first use),
/// the named sessions, and the four tools' handlers.
///
/// Calls run concurrently: the handlers await the services without holding the toolbox.
actor MCPToolbox {
    private let configuration: ExecutorConfiguration
    private var services: [ExecutorConfiguration.Isolation: PythonExecutorService] = [:]
    private var sessions: [String: MCPSession] = [:]
    private var server: Server?
    private var elicitationSupported = false

    /// The most bytes of results JSON an answer carries (see ``MCPAnswer/outcome(_:session:resultsLimit:)``).
    private let resultsLimit: Int

    init(configuration: ExecutorConfiguration, resultsLimit: Int) {
        self.configuration = configuration
        self.resultsLimit = resultsLimit
    }

    /// Registers the tool handlers on `server`.
    func register(on server: Server) async {
        self.server = server
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: MCPTools.all) }
        await server.withMethodHandler(ToolCallRequest.self) { [self] raw in
            try await call(try ToolCallRequest.parameters(raw))
        }
    }

    /// Notes what the client said it can do at initialisation.
    func clientCapabilities(_ capabilities: Client.Capabilities) {
        elicitationSupported = capabilities.elicitation?.form != nil
    }

    /// Stops the services' worker processes and the sessions', and deletes their Jupyter kernels.
    func shutDown() async {
        // Sessions first: a session on Jupyter kernels hands its kernels to the deletions that shutDownKernels waits for.
        for entry in sessions.values { entry.session.reset() }
        for service in services.values {
            service.shutDown()
            await service.shutDownKernels()
        }
    }

    /// Answers one `tools/call`: a tool result, or a protocol error for a bad request.
    nonisolated func call(_ parameters: CallTool.Parameters) async throws -> CallTool.Result {
        let arguments = MCPArguments(parameters.arguments ?? [:])
        switch parameters.name {
        case MCPTools.run:
            return try await runPython(arguments, progressToken: parameters._meta?.progressToken)
        case MCPTools.analyze:
            let code = try arguments.requiredString("code")
            // The analysis is the same in every tier: the configured one's service answers.
            let service = try await service(for: configuration.execution.isolation)
            do {
                let (report, approval) = try await service.analyse(code)
                return MCPAnswer.analysis(report, approval: approval)
            } catch {
                return MCPAnswer.failure(error)
            }
        case MCPTools.listSessions:
            return MCPAnswer.sessions(await sessionList())
        case MCPTools.resetSession:
            let name = try arguments.requiredString("session")
            guard let entry = await removeSession(name) else {
                throw MCPError.invalidParams("no session named '\(name)'")
            }
            entry.session.reset()
            return MCPAnswer.sessionReset(name)
        default:
            throw MCPError.invalidParams("unknown tool '\(parameters.name)'")
        }
    }

    private nonisolated func runPython(_ arguments: MCPArguments, progressToken: ProgressToken?) async throws -> CallTool.Result {
        let code = try arguments.requiredString("code")
        let timeout = try arguments.timeout()
        let requested = try arguments.isolation()
        let sessionName = try arguments.optionalString("session")
        let (service, session) = try await prepare(isolation: requested, session: sessionName)
        let progress = await server.map { MCPProgress(server: $0, token: progressToken) }
        var overrides = RunOverrides(generator: StaticCodeGenerator(code: code), session: session?.session, timeoutSeconds: timeout)
        if await elicitationSupported, let server = await server {
            overrides.approvalHandler = ElicitationApprover(server: server)
        }
        if let progress, progress.isActive { overrides.onOutput = { progress.output($0.text) } }
        let request = PythonExecutionRequest(
            userQuery: "MCP run_python call", taskObjective: "Run the code an MCP client sent",
            executionFolderName: sessionName.map { "mcp_\($0)" } ?? "mcp", retries: 1)
        let result: Result<ServiceOutcome, PythonExecutorError>
        do {
            result = .success(try await service.execute(request, overrides: overrides) { progress?.status($0) })
        } catch {
            result = .failure(error)
        }
        await progress?.finish()
        // A cancelled call gets no answer (the protocol says so); its run was killed.
        try Task.checkCancellation()
        if let session { await countRun(session.session.name) }
        switch result {
        case let .success(outcome): return MCPAnswer.outcome(outcome, session: sessionName, resultsLimit: resultsLimit)
        case let .failure(error): return MCPAnswer.failure(error)
        }
    }

    /// Refuses a tier the operator did not choose, unless it is the process tier.
    ///
    /// The client is the model: it may ask for a separate process, never for the
    /// in-process tier, where code shares this server's memory, standard output and
    /// analyser and a C-level loop outlives its timeout. Only `pyexec mcp --isolation
    /// in-process` (or `execution.isolation`) opens that tier to calls.
    private func permit(_ requested: ExecutorConfiguration.Isolation) throws {
        guard requested == .process || requested == configuration.execution.isolation else {
            throw MCPError.invalidParams(
                "the \(requested.rawValue) tier runs code inside this server; only its operator can choose it (pyexec mcp --isolation \(requested.rawValue.replacingOccurrences(of: "_", with: "-"))), not a call")
        }
    }

    /// The service and session for a call; a session keeps the tier it was made in.
    private func prepare(
        isolation requested: ExecutorConfiguration.Isolation?, session name: String?
    ) throws -> (PythonExecutorService, MCPSession?) {
        if let requested { try permit(requested) }
        guard let name else { return (try service(for: requested ?? configuration.execution.isolation), nil) }
        guard !name.isEmpty, name.count <= 100, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw MCPError.invalidParams("a session name is 1 to 100 letters, digits, '_' or '-'")
        }
        if let entry = sessions[name] {
            if let requested, requested != entry.isolation {
                throw MCPError.invalidParams("session '\(name)' runs in the \(entry.isolation.rawValue) tier, not \(requested.rawValue); reset it first")
            }
            return (try service(for: entry.isolation), entry)
        }
        let isolation = requested ?? configuration.execution.isolation
        guard [.process, .inProcess].contains(isolation) else {
            throw MCPError.invalidParams("sessions are available in the process and in_process tiers, not \(isolation.rawValue)")
        }
        let service = try service(for: isolation)
        let entry = MCPSession(session: service.makeSession(named: name), isolation: isolation, created: Date())
        sessions[name] = entry
        return (service, entry)
    }

    private func service(for isolation: ExecutorConfiguration.Isolation) throws -> PythonExecutorService {
        if let service = services[isolation] { return service }
        var configuration = configuration
        configuration.execution.isolation = isolation
        let service: PythonExecutorService
        do {
            // Each call brings its own code (RunOverrides.generator); this one is never asked.
            service = try PythonExecutorService(configuration: configuration, generator: StaticCodeGenerator(code: ""))
        } catch {
            throw MCPError.internalError("the \(isolation.rawValue) tier could not start: \(error)")
        }
        services[isolation] = service
        return service
    }

    private func sessionList() -> [MCPSession] {
        sessions.values.sorted { $0.session.name < $1.session.name }
    }

    private func removeSession(_ name: String) -> MCPSession? {
        sessions.removeValue(forKey: name)
    }

    private func countRun(_ name: String) {
        sessions[name]?.runs += 1
    }
}
