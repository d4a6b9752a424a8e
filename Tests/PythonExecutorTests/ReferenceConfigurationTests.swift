import Foundation
import PyEmbed
@testable import PythonExecutor
import Testing

/// Reference projects' `config.yml` files load: sections the executor does not read are
/// accepted, unknown keys in its own sections are warnings (errors when strict).
@Suite("Reference configuration files")
struct ReferenceConfigurationTests {
    /// Written like the reference's project template.
    static let template = """
    project_name: "als-assistant"
    build_dir: ./build
    project_root: /srv/als-assistant
    registry_path: ./src/als_assistant/registry.py
    models:
      orchestrator: {provider: cborg, model_id: anthropic/claude-sonnet}
      python_code_generator: {provider: cborg, model_id: openai/gpt-4o}
    services:
      jupyter:
        containers:
          read: {name: jupyter-read, hostname: jupyter-read, port_host: 8088, execution_modes: [read_only]}
    execution:
      execution_method: local
      code_generator: basic
      python_env_path: ${PYTHON_EXE}
      generators:
        basic: {model_config_name: python_code_generator}
      modes:
        read_only: {kernel_name: python3-epics-readonly, allows_writes: false, requires_approval: false}
        write_access: {kernel_name: python3-epics-write, allows_writes: true, requires_approval: true}
      epics:
        gateways:
          read_only: {address: cagw.als.lbl.gov, port: 5064}
    python_executor:
      max_generation_retries: 3
      max_execution_retries: 3
      execution_timeout_seconds: 600
    control_system:
      type: mock
      writes_enabled: false
      limits_checking:
        enabled: false
        database_path: data/channel_limits.json
        allow_unlisted_channels: true
        on_violation: skip
      write_verification: {default_level: readback, default_tolerance_percent: 0.5, fail_on_mismatch: true}
      connector:
        mock: {response_delay_ms: 10, noise_level: 0.01}
        epics:
          timeout: 5.0
          gateways:
            read_only: {address: cagw.als.lbl.gov, port: 5064, use_name_server: false}
            write_access: {address: cagw-write.als.lbl.gov, port: 5084}
    approval:
      global_mode: selective
      capabilities:
        python_execution: {enabled: true, mode: control_writes}
    file_paths:
      agent_data_dir: _agent_data
      executed_python_scripts_dir: executed_scripts
    logging:
      rich_tracebacks: true
    """

    static let python = TestIOC.python

    @Test func theTemplateLoadsAndReportsWhatItIgnores() throws {
        let configuration = try ExecutorConfiguration.load(yaml: Self.template, environment: ["PYTHON_EXE": Self.python])
        #expect(configuration.projectRoot == "/srv/als-assistant")
        #expect(configuration.controlSystem.type == "mock")
        #expect(configuration.controlSystem.limitsChecking.onViolation == .skip && configuration.controlSystem.limitsChecking.allowUnlistedChannels)
        #expect(configuration.controlSystem.writeVerification == .init(defaultLevel: "readback", defaultTolerancePercent: 0.5))
        #expect(configuration.controlSystem.connector.epicsEnvironment == [
            "EPICS_CA_ADDR_LIST": "cagw.als.lbl.gov", "EPICS_CA_SERVER_PORT": "5064", "EPICS_CA_AUTO_ADDR_LIST": "NO",
        ])
        // execution.generators.basic → models.python_code_generator, through the provider's known address.
        #expect(configuration.execution.generator.model == "openai/gpt-4o")
        #expect(configuration.execution.generator.baseURL.absoluteString == "https://api.cborg.lbl.gov/v1")
        #expect(configuration.execution.generator.apiKeyEnvironmentVariable == "CBORG_API_KEY")
        let warnings = configuration.warnings.joined(separator: "\n")
        for path in [
            "'project_name' is ignored", "'execution.epics' is ignored",
            "'python_executor.max_generation_retries' is ignored", "'python_executor.max_execution_retries' is ignored",
            "'control_system.write_verification.fail_on_mismatch' is ignored", "'control_system.connector.mock.noise_level' is ignored",
            "'control_system.connector.epics.gateways.write_access' is ignored",
            "'file_paths.executed_python_scripts_dir' is ignored", "'models' is ignored",
        ] {
            #expect(warnings.contains(path), "missing warning \(path) in:\n\(warnings)")
        }
        #expect(!warnings.contains("unknown key"), "keys the reference reads are not reported as unknown:\n\(warnings)")
        #expect(!warnings.contains("logging") && !warnings.contains("build_dir"), "sections outside the executor's are not reported")
    }

    @Test func strictTurnsUnknownKeysIntoErrors() throws {
        let yaml = "execution:\n  execution_method: local\n  modez: {}\n"
        #expect(try ExecutorConfiguration.load(yaml: yaml, environment: [:]).warnings.first?.contains("unknown key 'execution.modez' (line 3)") == true)
        #expect(throws: PythonExecutorError.self) { try ExecutorConfiguration.load(yaml: yaml, environment: [:], strict: true) }
        #expect(throws: PythonExecutorError.self) {
            try ExecutorConfiguration.load(yaml: yaml + "python_executor:\n  strict_config: true\n", environment: [:])
        }
    }

    @Test func pythonEnvPathTakesAnExecutableOrAVenvFolder() throws {
        let venv = TestIOC.repository.appendingPathComponent(".venv").resolvingSymlinksInPath().path
        var execution = ExecutorConfiguration.Execution(pythonEnvPath: venv + "/bin/python")
        #expect(try execution.pythonEnvironment() == .venv(URL(fileURLWithPath: venv).path))
        execution.pythonEnvPath = venv
        #expect(try execution.pythonEnvironment() == .venv(venv))
        execution.pythonEnvPath = "/usr/bin/python3"
        #expect(try execution.pythonEnvironment() == .system)
        execution.pythonEnvPath = "/nonexistent/python"
        #expect(throws: PythonExecutorError.self) { try execution.pythonEnvironment() }
    }

    @Test func theLegacyWritesSwitchIsRead() throws {
        let legacy = "execution_control:\n  epics:\n    writes_enabled: true\n"
        #expect(try ExecutorConfiguration.load(yaml: legacy, environment: [:]).controlSystem.writesEnabled)
        let both = try ExecutorConfiguration.load(yaml: legacy + "control_system:\n  writes_enabled: false\n", environment: [:])
        #expect(!both.controlSystem.writesEnabled)
        #expect(both.warnings.contains { $0.contains("execution_control.epics.writes_enabled") })
    }

    @Test func aReferenceConfigStartsTheService() throws {
        let harness = try WorkflowHarness()
        var configuration = try ExecutorConfiguration.load(yaml: Self.template, environment: ["PYTHON_EXE": Self.python])
        configuration.filePaths.agentDataDir = harness.root.path
        // This process's Python is already running; the worker starts in the configured one.
        let service = try PythonExecutorService(configuration: configuration, generator: StaticCodeGenerator(code: "results = {}"), runtime: PythonRuntime.start())
        service.shutDown()
    }
}
