/// The service's settings, read from the reference's YAML keys (`config.yml`).
///
/// Every key is optional; a missing key (or `null`) takes the default documented
/// on its property. Unknown keys and ill-typed values are errors that name the
/// dotted path (``load(yaml:)``).
///
/// ```yaml
/// execution:
///   execution_method: local          # local | container
///   code_generator: openai           # openai | static | mock
///   generator: {base_url: "http://localhost:11434/v1", model: "qwen2.5-coder"}
///   # or the reference's keys: generators: {basic: {model_config_name: coder}} with
///   # models: {coder: {provider: ollama, model_id: qwen2.5-coder, base_url: …}}
/// python_executor:
///   execution_timeout_seconds: 600
/// control_system:
///   writes_enabled: false
/// approval:
///   global_mode: selective           # disabled | selective | all_capabilities
///   capabilities:
///     python_execution: {enabled: true, mode: control_writes}
/// file_paths:
///   agent_data_dir: _agent_data
/// ```
public struct ExecutorConfiguration: Sendable, Hashable {
    /// How and where code runs, and how it is generated (`execution`).
    public var execution: Execution
    /// The executor's own limits (`python_executor`).
    public var pythonExecutor: PythonExecutor
    /// The control system and its safety settings (`control_system`).
    public var controlSystem: ControlSystem
    /// When a human must approve code before it runs (`approval`).
    public var approval: Approval
    /// Where files go (`file_paths`).
    public var filePaths: FilePaths
    /// External services: the Jupyter containers (`services`).
    public var services: Services
    /// The project's folder (`project_root`): the base of a relative
    /// `control_system.limits_checking.database_path`. Default `nil`: the working directory.
    public var projectRoot: String?
    /// What loading found and did not use: unknown keys in the executor's sections and
    /// reference keys without effect here, each with its dotted path. Empty when built in code.
    public var warnings: [String] = []
    /// A folder put first on the code's import path (`sys.path`): `<PROJECT_ROOT>/src` when
    /// the environment variable `PROJECT_ROOT` is set at loading, as the reference puts it
    /// first on `PYTHONPATH`. Default `nil`.
    public var projectSourcePath: String?

    /// Creates a configuration; every section defaults to its documented defaults.
    public init(
        execution: Execution = Execution(), pythonExecutor: PythonExecutor = PythonExecutor(),
        controlSystem: ControlSystem = ControlSystem(), approval: Approval = Approval(),
        filePaths: FilePaths = FilePaths(), services: Services = Services()
    ) {
        self.execution = execution
        self.pythonExecutor = pythonExecutor
        self.controlSystem = controlSystem
        self.approval = approval
        self.filePaths = filePaths
        self.services = services
    }

    /// How long code may run, in seconds (`python_executor.execution_timeout_seconds`, default 600).
    public var executionTimeoutSeconds: Double { pythonExecutor.executionTimeoutSeconds }

    /// The top-level keys the executor reads; the other sections of a reference
    /// project's `config.yml` (`project_name`, `logging`, …) are accepted and not read;
    /// `models` is read only for the model `execution.generators` names.
    static let keys = ["execution", "python_executor", "control_system", "approval", "file_paths", "services", "project_root", "execution_control", "models"]

    /// Reads the whole configuration from the root node.
    init(root: ConfigNode) throws(PythonExecutorError) {
        let children = try root.mapping(allowed: Self.keys, othersAllowed: true)
        self.init(
            execution: try Execution(root.child("execution", in: children)),
            pythonExecutor: try PythonExecutor(root.child("python_executor", in: children)),
            controlSystem: try ControlSystem(root.child("control_system", in: children)),
            approval: try Approval(root.child("approval", in: children)),
            filePaths: try FilePaths(root.child("file_paths", in: children)),
            services: try Services(root.child("services", in: children)))
        projectRoot = try root.child("project_root", in: children).string()
        root.ignored(["project_name"], in: children, because: "the reference uses it for deployment only")
        root.ignored(["models"], in: children, because: "the reference's basic generator reads its model there; configure this service's generator under execution.generator")
        try applyLegacyWritesEnabled(root, children)
        applyEnvironment(root.environment, report: root.report)
        try applyReferenceGenerator(root, children)
    }
}

extension ExecutorConfiguration {
    /// The legacy `execution_control.epics.writes_enabled`: used when
    /// `control_system.writes_enabled` is not given; when both are given and differ,
    /// the new key wins, with a warning.
    mutating func applyLegacyWritesEnabled(_ root: ConfigNode, _ children: [String: ConfigNode]) throws(PythonExecutorError) {
        let legacySection = root.child("execution_control", in: children)
        let epics = legacySection.child("epics", in: try legacySection.mapping(allowed: ["epics"], othersAllowed: true))
        let legacyNode = epics.child("writes_enabled", in: try epics.mapping(allowed: ["writes_enabled"], othersAllowed: true))
        guard let legacy = try legacyNode.bool() else { return }
        let control = root.child("control_system", in: children)
        let current = control.child("writes_enabled", in: try control.mapping(allowed: [], othersAllowed: true))
        if let given = try current.bool() {
            if given != legacy {
                root.report.warnings.append("'execution_control.epics.writes_enabled' (\(legacy)) differs from 'control_system.writes_enabled' (\(given)); the latter applies")
            }
        } else {
            controlSystem.writesEnabled = legacy
        }
    }
}
