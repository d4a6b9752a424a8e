import Foundation
import PyEmbed

extension PythonExecutorService {
    /// The run waiting for approval in `folder`.
    public static func pendingApproval(folder: String) throws(PythonExecutorError) -> PendingApproval {
        let pending = try PendingState.load(folder: folder)
        return PendingApproval(approval: pending.approval, folder: folder, attempt: pending.attempt)
    }

    /// Context data from a JSON document, read by Python's `json` (ints,
    /// floats and key order kept as in the text).
    public static func contextData(fromJSON data: Data, runtime: PythonRuntime) throws(PythonExecutorError) -> PythonValue {
        do {
            return try runtime.withGIL { gil in
                try gil.run("import json\ncontext = json.loads(text)", inputs: ["text": String(decoding: data, as: UTF8.self)])
                    .value("context", as: PythonValue.self, gil)
            }
        } catch let PyEmbedError.exception(exception) {
            throw .configuration("the context is not valid JSON: \(exception.description)")
        } catch {
            throw .configuration("the context could not be read: \(error)")
        }
    }
}
