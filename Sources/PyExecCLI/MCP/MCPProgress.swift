import Foundation
import MCP
import PythonExecutor
import Synchronization

/// Sends a call's progress to the client, in order: each workflow stage and each
/// line of printed output becomes a `notifications/progress` with the text as its message.
/// Inactive (sends nothing) when the call carried no progress token.
final class MCPProgress: Sendable {
    private let continuation: AsyncStream<String>.Continuation?
    private let sender: Task<Void, Never>?
    /// Printed text not yet ended by a newline.
    private let partial = Mutex("")

    init(server: Server, token: ProgressToken?) {
        guard let token else {
            continuation = nil
            sender = nil
            return
        }
        let (stream, continuation) = AsyncStream<String>.makeStream()
        self.continuation = continuation
        sender = Task {
            var step = 0.0
            for await message in stream {
                step += 1
                try? await server.notify(ProgressNotification.message(.init(progressToken: token, progress: step, message: message)))
            }
        }
    }

    /// Whether the client asked for progress.
    var isActive: Bool { continuation != nil }

    func status(_ event: StatusEvent) {
        continuation?.yield("[\(event.stage.rawValue) #\(event.attempt)] \(event.message)")
    }

    /// Queues each complete line of `text`; the rest waits for its newline (or ``finish()``).
    func output(_ text: String) {
        guard let continuation else { return }
        let lines = partial.withLock { pending -> [Substring] in
            pending += text
            guard let end = pending.lastIndex(of: "\n") else { return [] }
            let complete = pending[..<end].split(separator: "\n", omittingEmptySubsequences: false)
            pending = String(pending[pending.index(after: end)...])
            return complete
        }
        for line in lines { continuation.yield(String(line)) }
    }

    /// Sends what is queued, then stops.
    func finish() async {
        let rest = partial.withLock { pending in defer { pending = "" }; return pending }
        if !rest.isEmpty { continuation?.yield(rest) }
        continuation?.finish()
        await sender?.value
    }
}
