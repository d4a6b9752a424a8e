import Foundation
import PyEmbed

extension PythonExecutorService {
    /// The run waiting for approval in `folder`, verified: its code is the code
    /// that was analysed and shown (``PythonExecutorError/approval(_:)`` otherwise).
    ///
    /// Show ``PendingApproval/codeSHA256`` with the code, and pass it to
    /// ``resume(folder:decision:approvedDigest:events:)`` so that exactly the
    /// version seen runs.
    public static func pendingApproval(folder: String) throws(PythonExecutorError) -> PendingApproval {
        do {
            let loaded = try PendingState.load(folder: folder)
            return PendingApproval(approval: loaded.state.approval, folder: loaded.folder, attempt: loaded.state.attempt)
        } catch {
            throw .approval(error)
        }
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
