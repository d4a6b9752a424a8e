import Foundation
import PyEmbed
@testable import PythonExecutor
import Testing

/// Every key and environment variable of the reference's configuration (OSPREY-RUNTIME.md §7)
/// is either honoured or reported as ignored, with its dotted path and the reason.
@Suite("Reference configuration keys")
struct ReferenceKeysTests {
    /// Every §7 key, each set to a value other than its default.
    static let everyKey = """
    project_name: beamline-assistant
    project_root: /srv/beamline
    models:
      python_code_generator: {provider: cborg, model_id: openai/gpt-4o}
    file_paths:
      agent_data_dir: /srv/beamline/_agent_data
      executed_python_scripts_dir: scripts
    execution:
      execution_method: container
      python_env_path: /usr/bin/python3
      code_generator: mock
      generators:
        basic: {model_config_name: python_code_generator, save_prompts: true}
      modes:
        read_only: {kernel_name: ro-kernel, gateway: read_only, allows_writes: false, requires_approval: true, description: reads, environment: {A: "1"}}
        write_access: {kernel_name: rw-kernel, gateway: write_access, allows_writes: true, requires_approval: false, description: writes}
      epics:
        timeout: 3
        gateways:
          read_only: {address: ro.example, port: 5064}
    python_executor:
      execution_timeout_seconds: 42
      max_generation_retries: 5
      max_execution_retries: 5
    control_system:
      type: mock
      writes_enabled: true
      limits_checking:
        enabled: true
        database_path: data/limits.json
        allow_unlisted_channels: true
        on_violation: skip
        policy: {allow_unlisted_channels: false}
      write_verification: {default_level: readback, default_tolerance_percent: 2.5, enabled: true, timeout: 3, fail_on_mismatch: true}
      connector:
        epics:
          timeout: 7.5
          gateways:
            read_only: {address: gw.example, port: 5070, use_name_server: true}
            write_access: {address: gw-write.example, port: 5084}
        mock: {response_delay_ms: 1, noise_level: 0, enable_writes: true, simulate_delays: false}
      patterns:
        write: ['caput\\(']
        read: ['caget\\(']
    approval:
      global_mode: all_capabilities
      capabilities:
        python_execution: {enabled: false, mode: all_code}
        memory: {enabled: true}
    services:
      jupyter:
        containers:
          read: {hostname: jupyter-ro, port_host: 8090, execution_modes: [read_only]}
          write: {hostname: jupyter-rw, port_host: 8091, execution_modes: [write_access]}
          extra: {hostname: jupyter-extra, port_host: 8092}
      open_webui: {port_host: 8080}
    """

    /// The keys without effect here, each reported by its dotted path.
    static let ignoredKeys = [
        "project_name", "models", "file_paths.executed_python_scripts_dir", "execution.generators", "execution.epics",
        "execution.modes.read_only.gateway", "execution.modes.read_only.description",
        "execution.modes.write_access.gateway", "execution.modes.write_access.description",
        "python_executor.max_generation_retries", "python_executor.max_execution_retries",
        "control_system.limits_checking.policy", "control_system.write_verification.enabled",
        "control_system.write_verification.timeout", "control_system.write_verification.fail_on_mismatch",
        "control_system.connector.epics.gateways.write_access", "control_system.connector.mock.response_delay_ms",
        "control_system.connector.mock.noise_level", "control_system.connector.mock.enable_writes",
        "control_system.connector.mock.simulate_delays", "approval.capabilities.memory",
        "services.jupyter.containers.extra", "services.open_webui",
    ]

    @Test func everyKeyIsHonouredOrReportedAsIgnored() throws {
        let configuration = try ExecutorConfiguration.load(yaml: Self.everyKey, environment: [:])
        // Honoured: each value differs from its default.
        #expect(configuration.projectRoot == "/srv/beamline")
        #expect(configuration.filePaths.agentDataDir == "/srv/beamline/_agent_data")
        let execution = configuration.execution
        #expect(execution.executionMethod == .container && execution.pythonEnvPath == "/usr/bin/python3" && execution.codeGenerator == .mock)
        #expect(execution.modes.readOnly == ExecutionModeConfig(kernelName: "ro-kernel", allowsWrites: false, requiresApproval: true, environment: ["A": "1"]))
        #expect(execution.modes.writeAccess == ExecutionModeConfig(kernelName: "rw-kernel", allowsWrites: true, requiresApproval: false))
        #expect(configuration.executionTimeoutSeconds == 42)
        let control = configuration.controlSystem
        #expect(control.type == "mock" && control.writesEnabled)
        #expect(control.limitsChecking == .init(enabled: true, databasePath: "data/limits.json", allowUnlistedChannels: true, onViolation: .skip))
        #expect(control.writeVerification == .init(defaultLevel: "readback", defaultTolerancePercent: 2.5))
        #expect(control.connector == .init(epicsTimeout: 7.5, epicsAddress: "gw.example", epicsPort: 5070, epicsUseNameServer: true))
        #expect(control.patterns == .init(write: ["caput\\("], read: ["caget\\("]))
        #expect(configuration.approval == .init(globalMode: .allCapabilities, pythonExecution: .init(enabled: false, mode: .allCode)))
        #expect(configuration.services.jupyter.read == ExecutorConfiguration.JupyterContainer(hostname: "jupyter-ro", portHost: 8090, executionModes: [.readOnly]))
        #expect(configuration.services.jupyter.write == ExecutorConfiguration.JupyterContainer(hostname: "jupyter-rw", portHost: 8091, executionModes: [.writeAccess]))
        // Ignored: each named, with a reason, and none as an unknown key (that is for typos).
        for key in Self.ignoredKeys {
            let warning = configuration.warnings.first { $0.hasPrefix("'\(key)' is ignored: ") }
            #expect(warning.map { $0.count > "'\(key)' is ignored: ".count + 10 } == true, "no 'ignored' report for \(key) in \(configuration.warnings)")
        }
        #expect(configuration.warnings.count == Self.ignoredKeys.count, "\(configuration.warnings)")
        #expect(!configuration.warnings.contains { $0.contains("unknown key") })
        // Strict mode is about typos: known keys without effect stay warnings.
        #expect(try ExecutorConfiguration.load(yaml: Self.everyKey, environment: [:], strict: true).warnings.count == Self.ignoredKeys.count)
    }

    @Test func aTypoIsStillAnUnknownKey() throws {
        let configuration = try ExecutorConfiguration.load(yaml: "control_system:\n  writes_enabeld: true\n", environment: [:])
        #expect(configuration.warnings.count == 1)
        #expect(configuration.warnings.first?.hasPrefix("unknown key 'control_system.writes_enabeld' (line 2)") == true)
        #expect(!configuration.controlSystem.writesEnabled)
    }

    @Test func containerPythonEnvOverridesThePythonEnvPathWhenItExists() throws {
        let python = TestIOC.python
        let yaml = "execution:\n  python_env_path: /usr/bin/python3\n"
        let overridden = try ExecutorConfiguration.load(yaml: yaml, environment: ["CONTAINER_PYTHON_ENV": python])
        #expect(overridden.execution.pythonEnvPath == python)
        #expect(overridden.warnings.contains { $0.contains("CONTAINER_PYTHON_ENV") && $0.contains("overrides 'execution.python_env_path'") })
        #expect(try ExecutorConfiguration.load(yaml: "", environment: ["CONTAINER_PYTHON_ENV": python]).execution.pythonEnvPath == python)
        let missing = try ExecutorConfiguration.load(yaml: yaml, environment: ["CONTAINER_PYTHON_ENV": "/nonexistent/bin/python"])
        #expect(missing.execution.pythonEnvPath == "/usr/bin/python3")
        #expect(missing.warnings == ["environment variable CONTAINER_PYTHON_ENV is ignored: /nonexistent/bin/python does not exist (the reference skips it too)"])
    }

    @Test func configFileNamesTheConfigurationWhenNoneIsGiven() throws {
        let harness = try WorkflowHarness()
        let named = harness.root.appendingPathComponent("config.yml")
        try "python_executor:\n  execution_timeout_seconds: 17\n".write(to: named, atomically: true, encoding: .utf8)
        let other = harness.root.appendingPathComponent("other.yml")
        try "python_executor:\n  execution_timeout_seconds: 23\n".write(to: other, atomically: true, encoding: .utf8)
        let environment = ["CONFIG_FILE": named.path]
        #expect(try ExecutorConfiguration.load(file: nil, environment: environment).executionTimeoutSeconds == 17)
        #expect(try ExecutorConfiguration.load(file: other.path, environment: environment).executionTimeoutSeconds == 23)
        #expect(try ExecutorConfiguration.load(file: nil, environment: [:]) == ExecutorConfiguration())
        #expect(throws: PythonExecutorError.self) { try ExecutorConfiguration.load(file: nil, environment: ["CONFIG_FILE": named.path + ".missing"]) }
    }

    @Test func pyexecReadsTheFileConfigFileNames() async throws {
        let harness = try WorkflowHarness()
        let named = harness.root.appendingPathComponent("config.yml")
        try "project_name: demo\npython_executor:\n  execution_timeout_seconds: 30\n".write(to: named, atomically: true, encoding: .utf8)
        let run = try await pyexec(
            ["run", "-c", "results = {'v': 1}", "--yes", "--json", "--data-dir", harness.root.path], environment: ["CONFIG_FILE": named.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("reading \(named.path) (CONFIG_FILE)") && run.stderr.contains("'project_name' is ignored"), "\(run.stderr)")
    }

    @Test("PROJECT_ROOT/src is importable by the code, as the reference's PYTHONPATH makes it", arguments: [ExecutorConfiguration.Isolation.process, .inProcess])
    func projectRootSourceIsImportable(_ tier: ExecutorConfiguration.Isolation) async throws {
        let harness = try WorkflowHarness()
        let project = harness.root.appendingPathComponent("project")
        let module = "beamline_tools_\(UUID().uuidString.prefix(8).lowercased())"
        let package = project.appendingPathComponent("src/\(module)")
        try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
        try "def emittance():\n    return 4.25\n".write(to: package.appendingPathComponent("__init__.py"), atomically: true, encoding: .utf8)
        var configuration = try ExecutorConfiguration.load(yaml: "", environment: ["PROJECT_ROOT": project.path])
        #expect(configuration.projectSourcePath == project.appendingPathComponent("src").path)
        configuration.filePaths.agentDataDir = harness.root.path
        configuration.approval.pythonExecution.mode = .disabled
        configuration.execution.isolation = tier
        let service = try harness.service(StaticCodeGenerator(code: "import \(module)\nresults = {'e': \(module).emittance()}"), configuration: configuration)
        defer { service.shutDown() }
        let result = try #require(success(try await service.execute(request(retries: 1))))
        #expect(result.executionResult.results["e"] == .float(4.25))
    }
}
