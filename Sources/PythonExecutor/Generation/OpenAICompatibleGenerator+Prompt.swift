import PyEmbed

extension OpenAICompatibleGenerator {
    /// The conversation sent to the model: a system message (role and rules) and a
    /// user message (query, task, expected results, capability prompts, the
    /// context's keys, the structured plan, and the last two errors of the chain).
    /// `isolation` is the tier the code will run in: it decides where relative paths go.
    public static func prompt(
        for request: PythonExecutionRequest, errorChain: [ExecutionError], isolation: ExecutorConfiguration.Isolation = .process
    ) -> [ChatMessage] {
        [
            ChatMessage(role: .system, content: systemPrompt(isolation)),
            ChatMessage(role: .user, content: userPrompt(request, errorChain)),
        ]
    }

    /// The role and the rules every answer must follow, for code run in `isolation`.
    static func systemPrompt(_ isolation: ExecutorConfiguration.Isolation) -> String {
        rules.replacingOccurrences(of: "{FILES}", with: isolation.runsInExecutionFolder ? filesInFolder : filesInHost)
    }

    /// Rule 5 where the working directory is the execution folder.
    static let filesInFolder = """
        The current working directory is the execution folder: relative paths (open('data.csv', 'w'), \
        df.to_csv('out.csv'), fig.savefig('plot.png')) are written there. Do not write files outside it.
        """

    /// Rule 5 where the code runs inside the host process, which keeps its own working directory.
    static let filesInHost = """
        The code runs inside the host process, whose working directory is NOT the execution folder and \
        cannot be changed: a relative path (open('data.csv', 'w'), df.to_csv('out.csv'), fig.savefig('plot.png')) \
        would be written into the host's directory. Do not write files with relative paths and do not call os.chdir; \
        return data in `results` instead.
        """

    static let rules = """
        You are an expert Python programmer who writes data-analysis code for scientific \
        facilities and particle accelerators (numpy, pandas, scipy, matplotlib).

        CRITICAL REQUIREMENTS:
        1. Answer with ONLY executable Python code: no markdown, no explanations before or after it.
        2. Store the computed results in a dictionary variable named `results`; it must exist when the code ends.
        3. Put all imports at the top.
        4. A variable `context` is already defined: a dictionary with the capability context data. \
        Read your inputs from it instead of inventing data.
        5. {FILES} Matplotlib figures left open are saved into the execution folder automatically.
        6. Do not use exec, eval, __import__, os.system or subprocess.
        7. Write to control-system channels only when the task explicitly asks for it.
        """

    static func userPrompt(_ request: PythonExecutionRequest, _ errorChain: [ExecutionError]) -> String {
        var parts = ["**User Query:** \(request.userQuery)", "**Your Task:** \(request.taskObjective)"]
        if !request.expectedResults.isEmpty {
            let lines = request.expectedResults.sorted { $0.key < $1.key }.map { "- `\($0.key)`: \($0.value)" }
            parts.append("**Expected Results** (keys of `results`):\n" + lines.joined(separator: "\n"))
        }
        let capabilityPrompts = request.capabilityPrompts.filter { !$0.isEmpty }
        if capabilityPrompts.isEmpty {
            parts.append("""
                GUIDANCE:
                - Write clean, working Python code for the task
                - Use clear variable names and add comments
                - Handle common edge cases appropriately
                """)
        } else {
            parts.append(contentsOf: capabilityPrompts)
        }
        if let contextLine = contextDescription(request.capabilityContextData) { parts.append(contextLine) }
        if let plan = request.structuredPlan { parts.append(planDescription(plan)) }
        if !errorChain.isEmpty { parts.append(errorSection(errorChain)) }
        parts.append("Generate ONLY the Python code.")
        return parts.joined(separator: "\n\n")
    }

    /// One line naming the keys of `context`, when there is context data.
    static func contextDescription(_ data: PythonValue?) -> String? {
        guard let data else { return nil }
        guard let dictionary = data.dictionary else { return "**Context:** `context` holds the capability context data." }
        let keys = dictionary.entries.map { entry in entry.key.stringValue.map { "`\($0)`" } ?? "\(entry.key)" }
        if keys.isEmpty { return "**Context:** `context` is an empty dictionary." }
        return "**Context:** `context` is a dictionary with the keys " + keys.joined(separator: ", ") + "."
    }

    static func planDescription(_ plan: StructuredPlan) -> String {
        var lines = ["**Structured Plan:**"]
        for (index, phase) in plan.phases.enumerated() {
            lines.append("Phase \(index + 1): \(phase.name)")
            lines.append(contentsOf: phase.subtasks.map { "  - \($0)" })
        }
        if !plan.resultSchema.isEmpty {
            lines.append("Result schema (keys of `results`):")
            lines.append(contentsOf: plan.resultSchema.sorted { $0.key < $1.key }.map { "  - `\($0.key)`: \($0.value)" })
        }
        if let guidance = plan.domainGuidance, !guidance.isEmpty { lines.append("Domain guidance: \(guidance)") }
        return lines.joined(separator: "\n")
    }

    /// The last two failures, as the reference shows them.
    static func errorSection(_ errorChain: [ExecutionError]) -> String {
        let separator = String(repeating: "=", count: 60)
        var lines = [
            "=== PREVIOUS ATTEMPT(S) FAILED - LEARN FROM THESE ERRORS ===",
            "Analyze what went wrong and fix the root cause, not just the symptoms.",
        ]
        for error in errorChain.suffix(2) {
            lines.append(separator)
            lines.append(error.promptText)
        }
        lines.append(separator)
        lines.append("Generate IMPROVED code that fixes these issues.")
        return lines.joined(separator: "\n")
    }
}
