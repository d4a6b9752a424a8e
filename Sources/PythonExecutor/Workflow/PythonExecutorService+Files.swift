import Foundation
import PyEmbed

extension PythonExecutorService {
    /// The run waiting for approval in `folder`.
    public static func pendingApproval(folder: String) throws(PythonExecutorError) -> PendingApproval {
        let pending = try PendingState.load(folder: folder)
        return PendingApproval(approval: pending.approval, folder: folder, attempt: pending.attempt)
    }

    /// Context data from a JSON document (object keys come back sorted).
    public static func contextData(fromJSON data: Data) throws(PythonExecutorError) -> PythonValue {
        do {
            return try JSONDecoder().decode(DecodedJSON.self, from: data).value
        } catch {
            throw .configuration("the context is not valid JSON: \(error)")
        }
    }
}
