import MCP
import PythonExecutor

/// Asks the person at the MCP client to approve code (elicitation): the code, its
/// digest and the reason are shown; only an explicit accept with `approve: true` runs it.
/// The request goes to the client's user interface, not to the model.
struct ElicitationApprover: ApprovalHandler {
    let server: Server

    func review(_ request: ApprovalRequest) async -> ApprovalDecision {
        var message = "pyexec: this code needs your approval before it runs (\(request.reasoning)).\n"
        for concern in request.safetyConcerns { message += "Concern: \(concern)\n" }
        message += "\n\(request.code)\n\nSHA-256: \(request.codeSHA256)"
        let schema = Elicitation.RequestSchema(
            title: "Approve Python code", description: "Run this code?",
            properties: ["approve": .object(["type": "boolean", "title": "Approve and run", "description": "Run exactly the code shown."])],
            required: ["approve"])
        do {
            let answer = try await server.requestElicitation(message: message, requestedSchema: schema)
            guard answer.action == .accept, answer.content?["approve"]?.boolValue == true else {
                return .rejected(reason: "not approved through the MCP client (\(answer.action.rawValue))")
            }
            return .approved()
        } catch {
            return .rejected(reason: "the approval question could not be asked through the MCP client: \(error)")
        }
    }
}
