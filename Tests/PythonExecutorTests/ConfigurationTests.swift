import Foundation
import Testing

@testable import PythonExecutor

@Suite("Configuration")
struct ConfigurationTests {
    // MARK: - Defaults

    @Test("an empty file and init() give the documented defaults")
    func defaults() throws {
        let configuration = ExecutorConfiguration()
        #expect(try ExecutorConfiguration.load(yaml: "") == configuration)
        #expect(try ExecutorConfiguration.load(yaml: "# only a comment\n") == configuration)
        #expect(try ExecutorConfiguration.load(yaml: "execution:\ncontrol_system: ~\n") == configuration)

        #expect(configuration.execution.executionMethod == .local)
        #expect(configuration.execution.pythonEnvPath == nil)
        #expect(configuration.execution.codeGenerator == .openai)
        #expect(configuration.execution.generator.baseURL.absoluteString == "https://api.openai.com/v1")
        #expect(configuration.execution.generator.model == nil)
        #expect(configuration.execution.generator.apiKeyEnvironmentVariable == "OPENAI_API_KEY")
        #expect(configuration.execution.generator.temperature == nil)
        #expect(configuration.execution.generator.timeoutSeconds == 120)
        #expect(configuration.execution.generator.behaviors == [.success])
        #expect(configuration.execution.modes.readOnly == ExecutionModeConfig(kernelName: "python3-epics-readonly", allowsWrites: false, requiresApproval: false))
        #expect(configuration.execution.modes.writeAccess == ExecutionModeConfig(kernelName: "python3-epics-write", allowsWrites: true, requiresApproval: true))
        #expect(configuration.pythonExecutor.executionTimeoutSeconds == 600)
        #expect(configuration.executionTimeoutSeconds == 600)
        #expect(configuration.controlSystem.type == "epics")
        #expect(configuration.controlSystem.writesEnabled == false)
        #expect(configuration.controlSystem.limitsChecking == .init(enabled: false, databasePath: nil, allowUnlistedChannels: false))
        #expect(configuration.controlSystem.patterns.write == nil && configuration.controlSystem.patterns.read == nil)
        #expect(configuration.approval.globalMode == .selective)
        #expect(configuration.approval.pythonExecution.enabled == true)
        #expect(configuration.approval.pythonExecution.mode == .allCode)
        #expect(configuration.filePaths.agentDataDir == "_agent_data")
        #expect(configuration.services.jupyter.read == nil && configuration.services.jupyter.write == nil)
    }

    @Test("keys left out of a section keep their defaults")
    func partialSections() throws {
        let configuration = try ExecutorConfiguration.load(yaml: """
            execution:
              modes:
                write_access:
                  kernel_name: my-write-kernel
            approval:
              capabilities:
                python_execution:
                  mode: control_writes
            """)
        #expect(configuration.execution.modes.writeAccess == ExecutionModeConfig(kernelName: "my-write-kernel", allowsWrites: true, requiresApproval: true))
        #expect(configuration.execution.modes.readOnly == ExecutorConfiguration.Modes.defaultReadOnly)
        #expect(configuration.approval.pythonExecution == .init(enabled: true, mode: .controlWrites))
        #expect(configuration.approval.globalMode == .selective)
    }

    // MARK: - A full file

    static let fullFile = """
        execution:
          execution_method: container
          python_env_path: ${PYEXEC_TEST_VENV}/venv
          code_generator: openai
          generator:
            base_url: http://127.0.0.1:11434/v1
            model: qwen2.5-coder:7b
            api_key_env: LOCAL_LLM_KEY
            temperature: 0.1
            timeout_seconds: 45.5
          modes:
            read_only:
              kernel_name: python3-epics-readonly
              allows_writes: false
              requires_approval: false
              environment:
                EPICS_CA_ADDR_LIST: 10.0.0.1
            write_access:
              kernel_name: python3-epics-write
              allows_writes: true
              requires_approval: true
              environment: {EPICS_CA_AUTO_ADDR_LIST: "NO", RETRIES: 3}
        python_executor:
          execution_timeout_seconds: 30
        control_system:
          type: tango
          writes_enabled: true
          limits_checking:
            enabled: true
            database_path: data/channel_limits.json
            allow_unlisted_channels: true
          patterns:
            write: ['write_channel\\s*\\(', 'caput\\(']
            read:
              - read_channel\\s*\\(
        approval:
          global_mode: all_capabilities
          capabilities:
            python_execution:
              enabled: false
              mode: epics_writes
        file_paths:
          agent_data_dir: /var/lib/agent
        services:
          jupyter:
            containers:
              read:
                hostname: jupyter-read
                port_host: 8088
                name: jupyter-read
                execution_modes: [read_only]
              write:
                port_host: 8089
        """

    @Test("a full file sets every key", arguments: [false, true])
    func fullFile(fromFile: Bool) throws {
        let environment = ["PYEXEC_TEST_VENV": "/opt/envs"]
        let configuration: ExecutorConfiguration
        if fromFile {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = folder.appendingPathComponent("config.yml")
            try Self.fullFile.replacingOccurrences(of: "${PYEXEC_TEST_VENV}", with: "/opt/envs").write(to: url, atomically: true, encoding: .utf8)
            configuration = try ExecutorConfiguration.load(contentsOf: url)
        } else {
            configuration = try ExecutorConfiguration.load(yaml: Self.fullFile, environment: environment)
        }

        let execution = configuration.execution
        #expect(execution.executionMethod == .container)
        #expect(execution.pythonEnvPath == "/opt/envs/venv")
        #expect(execution.codeGenerator == .openai)
        #expect(execution.generator.baseURL.absoluteString == "http://127.0.0.1:11434/v1")
        #expect(execution.generator.model == "qwen2.5-coder:7b")
        #expect(execution.generator.apiKeyEnvironmentVariable == "LOCAL_LLM_KEY")
        #expect(execution.generator.temperature == 0.1)
        #expect(execution.generator.timeoutSeconds == 45.5)
        #expect(execution.modes[.readOnly] == ExecutionModeConfig(
            kernelName: "python3-epics-readonly", allowsWrites: false, requiresApproval: false,
            environment: ["EPICS_CA_ADDR_LIST": "10.0.0.1"]))
        #expect(execution.modes[.writeAccess] == ExecutionModeConfig(
            kernelName: "python3-epics-write", allowsWrites: true, requiresApproval: true,
            environment: ["EPICS_CA_AUTO_ADDR_LIST": "NO", "RETRIES": "3"]))
        #expect(configuration.executionTimeoutSeconds == 30)
        #expect(configuration.controlSystem.type == "tango")
        #expect(configuration.controlSystem.writesEnabled)
        #expect(configuration.controlSystem.limitsChecking == .init(enabled: true, databasePath: "data/channel_limits.json", allowUnlistedChannels: true))
        #expect(configuration.controlSystem.patterns.write == [#"write_channel\s*\("#, #"caput\("#])
        #expect(configuration.controlSystem.patterns.read == [#"read_channel\s*\("#])
        #expect(configuration.approval.globalMode == .allCapabilities)
        #expect(configuration.approval.pythonExecution == .init(enabled: false, mode: .controlWrites))
        #expect(configuration.filePaths.agentDataDir == "/var/lib/agent")
        let jupyter = configuration.services.jupyter
        #expect(jupyter.read == .init(hostname: "jupyter-read", portHost: 8088, name: "jupyter-read", executionModes: [.readOnly]))
        #expect(jupyter.write == .init(hostname: "localhost", portHost: 8089))
        #expect(jupyter.container(for: .readOnly)?.portHost == 8088)
        #expect(jupyter.container(for: .writeAccess)?.portHost == 8089)
    }

    @Test("the reference's 'basic' generator and 'epics_writes' mode are read as their new names")
    func aliases() throws {
        let configuration = try ExecutorConfiguration.load(yaml: """
            execution: {code_generator: basic}
            approval: {capabilities: {python_execution: {mode: epics_writes}}}
            """)
        #expect(configuration.execution.codeGenerator == .openai)
        #expect(configuration.approval.pythonExecution.mode == .controlWrites)
    }

    // MARK: - Errors name the dotted path

    @Test("unknown keys and ill-typed values name their dotted path", arguments: [
        ("execution:\n  modez: {}\n", "unknown key 'execution.modez' (line 2)"),
        ("python_executor:\n  timeout: 1\n", "unknown key 'python_executor.timeout' (line 2)"),
        ("execution:\n  modes:\n    read_only:\n      kernel: x\n", "unknown key 'execution.modes.read_only.kernel' (line 4)"),
        ("execution:\n  modes:\n    admin: {}\n", "unknown key 'execution.modes.admin'"),
        ("approval:\n  capabilities:\n    python_executon: {enabled: true}\n", "unknown key 'approval.capabilities.python_executon'"),
        ("python_executor:\n  execution_timeout_seconds: ten\n", "python_executor.execution_timeout_seconds: expected a number, got 'ten' (line 2)"),
        ("python_executor:\n  execution_timeout_seconds: '600'\n", "python_executor.execution_timeout_seconds: expected a number, got '600'"),
        ("python_executor:\n  execution_timeout_seconds: -5\n", "python_executor.execution_timeout_seconds: must be greater than 0, got -5.0"),
        ("python_executor:\n  execution_timeout_seconds: [1]\n", "python_executor.execution_timeout_seconds: expected a number, got a list"),
        ("control_system:\n  writes_enabled: maybe\n", "control_system.writes_enabled: expected true or false, got 'maybe' (line 2)"),
        ("control_system:\n  limits_checking: true\n", "control_system.limits_checking: expected a mapping, got 'true'"),
        ("control_system:\n  patterns:\n    write: caput\n", "control_system.patterns.write: expected a list of text values, got 'caput'"),
        ("control_system:\n  patterns:\n    read: [{a: 1}]\n", "control_system.patterns.read[0]: expected text, got a mapping"),
        ("execution:\n  execution_method: remote\n", "execution.execution_method: expected one of local, container, got 'remote'"),
        ("execution:\n  code_generator: claude\n", "execution.code_generator: expected one of openai, static, mock, got 'claude'"),
        ("execution:\n  generator:\n    base_url: not a url\n", "execution.generator.base_url: expected an http or https URL, got 'not a url'"),
        ("execution:\n  generator:\n    behaviors: [success, explode]\n", "execution.generator.behaviors: unknown behaviour 'explode'"),
        ("execution:\n  modes:\n    write_access:\n      environment: [A]\n", "execution.modes.write_access.environment: expected a mapping of names to text, got a list"),
        ("execution:\n  modes:\n    read_only:\n      allows_writes: 1\n", "execution.modes.read_only.allows_writes: expected true or false, got '1'"),
        ("execution:\n  python_env_path: ${PYEXEC_SURELY_UNSET_VARIABLE}\n", "execution.python_env_path: environment variable 'PYEXEC_SURELY_UNSET_VARIABLE' is not set"),
        ("approval:\n  global_mode: sometimes\n", "approval.global_mode: expected one of disabled, selective, all_capabilities, got 'sometimes'"),
        ("approval:\n  capabilities:\n    python_execution:\n      mode: writes\n", "approval.capabilities.python_execution.mode: expected one of disabled, control_writes, all_code, got 'writes'"),
        ("file_paths:\n  agent_data_dir: {a: b}\n", "file_paths.agent_data_dir: expected text, got a mapping"),
        ("services:\n  jupyter:\n    containers:\n      read: {hostname: h}\n", "services.jupyter.containers.read: 'port_host' is required"),
        ("services:\n  jupyter:\n    containers:\n      read: {port_host: 70000}\n", "services.jupyter.containers.read.port_host: must be a port number from 1 to 65535, got 70000"),
        ("services:\n  jupyter:\n    containers:\n      write: {port_host: 8089.5}\n", "services.jupyter.containers.write.port_host: expected a whole number, got '8089.5'"),
        ("services:\n  jupyter:\n    containers:\n      read: {port_host: 1, hostnme: h}\n", "unknown key 'services.jupyter.containers.read.hostnme'"),
        ("- a\n- b\n", "the top level: expected a mapping, got a list"),
        ("execution: {modes: {read_only: {}}}\nexecution: {}\n", "duplicate key 'execution' (line 2)"),
        ("execution: [unclosed\n", "invalid YAML"),
    ])
    func errors(yaml: String, expected: String) {
        do {
            let configuration = try ExecutorConfiguration.load(yaml: yaml, environment: [:], strict: true)
            Issue.record("expected an error containing \(expected), got \(configuration)")
        } catch {
            guard case let .configuration(message) = error else {
                Issue.record("not a configuration error: \(error)")
                return
            }
            #expect(message.contains(expected), "\(message)")
            #expect(error.description.hasPrefix("configuration: "))
            #expect(error.category == .configuration)
        }
    }

    @Test("a file's errors name the file; a missing file is a configuration error")
    func fileErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("bad.yml")
        try "execution:\n  modez: 1\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: PythonExecutorError.configuration(
            "bad.yml: unknown key 'execution.modez' (line 2); expected one of: execution_method, python_env_path, code_generator, generator, modes, isolation, process, generators, epics")) {
            try ExecutorConfiguration.load(contentsOf: url, strict: true)
        }
        let missing = folder.appendingPathComponent("missing.yml")
        let error = #expect(throws: PythonExecutorError.self) { try ExecutorConfiguration.load(contentsOf: missing) }
        #expect(error.map { "\($0)" }?.contains("cannot read \(missing.path)") == true)
    }

    // MARK: - Approval decision

    /// One row of the decision table.
    struct ApprovalCase: Sendable, CustomTestStringConvertible {
        var global: GlobalApprovalMode
        var enabled: Bool
        var mode: ApprovalMode
        var executionMode: ExecutionMode
        var hasWrites: Bool
        var modeRequiresApproval: Bool
        var expected: Bool

        var testDescription: String {
            "\(global.rawValue) enabled=\(enabled) \(mode.rawValue) \(executionMode.rawValue) writes=\(hasWrites) modeRequires=\(modeRequiresApproval) → \(expected)"
        }
    }

    static let approvalTable: [ApprovalCase] = {
        var rows: [ApprovalCase] = []
        for global in GlobalApprovalMode.allCases {
            for enabled in [false, true] {
                for mode in ApprovalMode.allCases {
                    for (executionMode, hasWrites) in [(ExecutionMode.readOnly, false), (.writeAccess, true)] {
                        for modeRequires in [false, true] {
                            let capabilityOn = global == .allCapabilities || (global == .selective && enabled)
                            let capability = capabilityOn && (mode == .allCode || (mode == .controlWrites && hasWrites))
                            let expected = global != .disabled && (capability || modeRequires)
                            rows.append(ApprovalCase(
                                global: global, enabled: enabled, mode: mode, executionMode: executionMode,
                                hasWrites: hasWrites, modeRequiresApproval: modeRequires, expected: expected))
                        }
                    }
                }
            }
        }
        return rows
    }()

    @Test("the approval decision combines the global mode, the capability mode and the execution mode", arguments: approvalTable)
    func approvalDecision(row: ApprovalCase) {
        var configuration = ExecutorConfiguration()
        configuration.approval = .init(globalMode: row.global, pythonExecution: .init(enabled: row.enabled, mode: row.mode))
        configuration.execution.modes[row.executionMode].requiresApproval = row.modeRequiresApproval
        #expect(configuration.requiresApproval(mode: row.executionMode, hasWrites: row.hasWrites) == row.expected)
        #expect(!configuration.approvalRequirement(mode: row.executionMode, hasWrites: row.hasWrites).reasoning.isEmpty)
    }

    @Test("hand-picked rows of the approval table, with their reasons")
    func approvalExamples() throws {
        // The defaults: the reference's secure default asks for every run.
        #expect(ExecutorConfiguration().requiresApproval(mode: .readOnly, hasWrites: false))

        let writesOnly = try ExecutorConfiguration.load(yaml: """
            approval: {global_mode: selective, capabilities: {python_execution: {enabled: true, mode: control_writes}}}
            """)
        #expect(!writesOnly.requiresApproval(mode: .readOnly, hasWrites: false))
        #expect(writesOnly.approvalRequirement(mode: .writeAccess, hasWrites: true)
            == ApprovalRequirement(needsApproval: true, reasoning: "the code writes to the control system"))

        let off = try ExecutorConfiguration.load(yaml: "approval: {global_mode: disabled}")
        #expect(off.approvalRequirement(mode: .writeAccess, hasWrites: true).reasoning.contains("disabled globally"))
        #expect(!off.requiresApproval(mode: .writeAccess, hasWrites: true))

        let kernelAsks = try ExecutorConfiguration.load(yaml: """
            approval: {capabilities: {python_execution: {enabled: false}}}
            execution: {modes: {write_access: {requires_approval: true}}}
            """)
        let requirement = kernelAsks.approvalRequirement(mode: .writeAccess, hasWrites: true)
        #expect(requirement.needsApproval)
        #expect(requirement.reasoning.contains("execution.modes.write_access.requires_approval"))
        #expect(!kernelAsks.requiresApproval(mode: .readOnly, hasWrites: false))
    }

    // MARK: - Generator from the configuration

    @Test("the configured generator is built from execution.code_generator and execution.generator")
    func makeGenerator() async throws {
        let openAI = try ExecutorConfiguration.load(yaml: """
            execution: {generator: {base_url: "http://127.0.0.1:9/v1", model: m1, api_key_env: K, timeout_seconds: 3, temperature: 0}}
            """).makeCodeGenerator()
        let generator = try #require(openAI as? OpenAICompatibleGenerator)
        #expect(generator.endpoint.absoluteString == "http://127.0.0.1:9/v1/chat/completions")
        #expect(generator.model == "m1" && generator.apiKeyEnvironmentVariable == "K")
        #expect(generator.timeout == .seconds(3) && generator.temperature == 0)

        #expect(throws: PythonExecutorError.configuration("execution.generator.model: required when execution.code_generator is 'openai'")) {
            try ExecutorConfiguration().makeCodeGenerator()
        }

        let request = PythonExecutionRequest(userQuery: "q", taskObjective: "t")
        let fixed = try ExecutorConfiguration.load(yaml: "execution: {code_generator: static, generator: {code: 'results = {}'}}").makeCodeGenerator()
        #expect(try await fixed.generate(request, errorChain: []) == "results = {}")
        #expect(throws: PythonExecutorError.self) {
            try ExecutorConfiguration.load(yaml: "execution: {code_generator: static}").makeCodeGenerator()
        }

        let mock = try ExecutorConfiguration.load(yaml: "execution: {code_generator: mock, generator: {behaviors: [runtime_error, epics_write]}}")
        #expect(mock.execution.generator.behaviors == [.runtimeError, .channelWrite])
        let scripted = try mock.makeCodeGenerator()
        #expect(try await scripted.generate(request, errorChain: []).contains("100 / 0"))
        #expect(try await scripted.generate(request, errorChain: []).contains("write_channel("))
    }

    @Test("the reference's execution.generators.<name> and models.<name> name the model")
    func referenceGeneratorKeys() throws {
        let named = try ExecutorConfiguration.load(yaml: """
            models:
              coder: {provider: ollama, model_id: qwen2.5-coder, temperature: 0.1, max_tokens: 4096}
            execution:
              code_generator: basic
              generators: {basic: {model_config_name: coder}}
            """)
        #expect(named.execution.codeGenerator == .openai)
        #expect(named.execution.generator.model == "qwen2.5-coder")
        #expect(named.execution.generator.baseURL.absoluteString == "http://localhost:11434/v1")
        #expect(named.execution.generator.temperature == 0.1)
        #expect(named.warnings.contains { $0.contains("models.coder.max_tokens") })

        let inline = try ExecutorConfiguration.load(yaml: """
            execution:
              code_generator: openai
              generators: {openai: {provider: local, model_id: m2, base_url: "http://127.0.0.1:9/v1", api_key_env: MY_KEY}}
            """)
        let generator = try #require(try inline.makeCodeGenerator() as? OpenAICompatibleGenerator)
        #expect(generator.endpoint.absoluteString == "http://127.0.0.1:9/v1/chat/completions")
        #expect(generator.model == "m2" && generator.apiKeyEnvironmentVariable == "MY_KEY")

        #expect(throws: PythonExecutorError.self) {
            try ExecutorConfiguration.load(yaml: "execution: {generators: {basic: {model_config_name: missing}}}")
        }
        #expect(throws: PythonExecutorError.self) {
            try ExecutorConfiguration.load(yaml: "execution: {generators: {basic: {provider: anthropic, model_id: claude}}}")
        }
        let both = try ExecutorConfiguration.load(yaml: """
            execution:
              generator: {model: explicit}
              generators: {basic: {provider: openai, model_id: other}}
            """)
        #expect(both.execution.generator.model == "explicit")
        #expect(both.warnings.contains { $0.contains("'execution.generator' is given and wins") })
    }
}
