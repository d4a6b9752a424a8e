import Foundation
import PyEmbed

extension ExecutorConfiguration {
    /// How and where code runs, and how it is generated (`execution`).
    public struct Execution: Sendable, Hashable {
        /// Where code runs (`execution_method`). Default ``ExecutionMethod/local``.
        public var executionMethod: ExecutionMethod
        /// The Python for local execution (`python_env_path`): a Python executable (the
        /// reference's meaning: `<venv>/bin/python` selects that venv, another interpreter
        /// the system Python) or a venv folder; `~` is expanded (``pythonEnvironment()``).
        /// Default `nil`: the environment PyEmbed finds (`.venv` in the current directory, else the system Python).
        public var pythonEnvPath: String?

        /// The environment `python_env_path` names, or `nil` when it is not set.
        ///
        /// - Throws: ``PythonExecutorError/configuration(_:)`` when the path does not exist.
        public func pythonEnvironment() throws(PythonExecutorError) -> EnvironmentRequest? {
            guard let pythonEnvPath, !pythonEnvPath.isEmpty else { return nil }
            let path = (pythonEnvPath as NSString).expandingTildeInPath
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw .configuration("execution.python_env_path: \(path) does not exist; name a Python executable or a venv folder")
            }
            if isFolder.boolValue { return .venv(path) }
            let venv = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: venv.appendingPathComponent("pyvenv.cfg").path) { return .venv(venv.path) }
            return .system
        }
        /// Which generator writes the code (`code_generator`). Default ``CodeGeneratorKind/openai``.
        public var codeGenerator: CodeGeneratorKind
        /// The generator's settings (`generator`, an addition of ours).
        public var generator: Generator
        /// How each execution mode runs (`modes`).
        public var modes: Modes
        /// Where local code runs (`isolation`, an addition of ours). Default
        /// ``Isolation/process``: a forked worker process per run.
        public var isolation: Isolation
        /// The process tier's limits and preloads (`process`, an addition of ours).
        public var process: ProcessTier

        /// Creates the section; every argument defaults to its documented default.
        public init(
            executionMethod: ExecutionMethod = .local, pythonEnvPath: String? = nil,
            codeGenerator: CodeGeneratorKind = .openai, generator: Generator = Generator(), modes: Modes = Modes(),
            isolation: Isolation = .process, process: ProcessTier = ProcessTier()
        ) {
            self.executionMethod = executionMethod
            self.pythonEnvPath = pythonEnvPath
            self.codeGenerator = codeGenerator
            self.generator = generator
            self.modes = modes
            self.isolation = isolation
            self.process = process
        }

        init(_ node: ConfigNode) throws(PythonExecutorError) {
            let children = try node.mapping(allowed: [
                "execution_method", "python_env_path", "code_generator", "generator", "modes", "isolation", "process", "generators", "epics",
            ])
            node.ignored(["epics"], in: children, because: "gateways for the reference's containers; set control_system.connector.epics.gateways.read_only for the EPICS connector")
            self.init(
                executionMethod: try node.child("execution_method", in: children).choice(ExecutionMethod.self) ?? .local,
                pythonEnvPath: try node.child("python_env_path", in: children).string(),
                codeGenerator: try node.child("code_generator", in: children)
                    .choice(CodeGeneratorKind.self, aliases: ["basic": .openai, "legacy": .openai]) ?? .openai,
                generator: try Generator(node.child("generator", in: children)),
                modes: try Modes(node.child("modes", in: children)),
                isolation: try node.child("isolation", in: children).choice(Isolation.self, aliases: ["in-process": .inProcess]) ?? .process,
                process: try ProcessTier(node.child("process", in: children)))
        }
    }

    /// Where code runs (`execution.execution_method`).
    public enum ExecutionMethod: String, Sendable, Hashable, CaseIterable {
        /// In this process, in the embedded interpreter.
        case local
        /// In a Jupyter kernel (``Services/Jupyter``), chosen by execution mode.
        case container
    }

    /// Which generator writes the code (`execution.code_generator`).
    public enum CodeGeneratorKind: String, Sendable, Hashable, CaseIterable {
        /// ``OpenAICompatibleGenerator`` with `execution.generator.{base_url, model, api_key_env}`.
        /// The reference's `basic` (and its old name `legacy`) is accepted as an alias.
        case openai
        /// ``StaticCodeGenerator`` with `execution.generator.code`.
        case `static`
        /// ``ScriptedCodeGenerator`` with `execution.generator.behaviors` (the reference's `mock`).
        case mock
    }
}
