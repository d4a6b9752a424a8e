import PyEmbed

/// What the service is asked to do (the reference's `PythonExecutionRequest`).
public struct PythonExecutionRequest: Sendable, Hashable {
    /// The user's question, as asked (`user_query`).
    public var userQuery: String
    /// What the code must achieve (`task_objective`).
    public var taskObjective: String
    /// The results the code should produce, by name, with descriptions or examples (`expected_results`).
    public var expectedResults: [String: String]
    /// Extra instructions from the capabilities that use the service (`capability_prompts`).
    public var capabilityPrompts: [String]
    /// A short name for the execution folder (`execution_folder_name`).
    public var executionFolderName: String
    /// How many attempts all stages share before the run gives up (`retries`, default 3).
    public var retries: Int
    /// Data the code can read as `context`; written to `context.json` (`capability_context_data`).
    public var capabilityContextData: PythonValue?
    /// An optional plan: phases with subtasks, a result schema and domain guidance (`structured_plan`).
    public var structuredPlan: StructuredPlan?

    /// Creates a request.
    public init(
        userQuery: String, taskObjective: String, expectedResults: [String: String] = [:],
        capabilityPrompts: [String] = [], executionFolderName: String = "python_executor", retries: Int = 3,
        capabilityContextData: PythonValue? = nil, structuredPlan: StructuredPlan? = nil
    ) {
        self.userQuery = userQuery
        self.taskObjective = taskObjective
        self.expectedResults = expectedResults
        self.capabilityPrompts = capabilityPrompts
        self.executionFolderName = executionFolderName
        self.retries = retries
        self.capabilityContextData = capabilityContextData
        self.structuredPlan = structuredPlan
    }
}

/// A plan for the generated code (the reference's `structured_plan`).
public struct StructuredPlan: Sendable, Hashable, Codable {
    /// One phase of the plan.
    public struct Phase: Sendable, Hashable, Codable {
        /// The phase's name.
        public var name: String
        /// The subtasks, in order.
        public var subtasks: [String]

        /// Creates a phase.
        public init(name: String, subtasks: [String]) {
            self.name = name
            self.subtasks = subtasks
        }
    }

    /// The phases, in order.
    public var phases: [Phase]
    /// The shape the `results` dictionary must have, by key.
    public var resultSchema: [String: String]
    /// Domain knowledge the code should respect.
    public var domainGuidance: String?

    /// Creates a plan.
    public init(phases: [Phase], resultSchema: [String: String] = [:], domainGuidance: String? = nil) {
        self.phases = phases
        self.resultSchema = resultSchema
        self.domainGuidance = domainGuidance
    }

    enum CodingKeys: String, CodingKey {
        case phases, resultSchema = "result_schema", domainGuidance = "domain_guidance"
    }
}
