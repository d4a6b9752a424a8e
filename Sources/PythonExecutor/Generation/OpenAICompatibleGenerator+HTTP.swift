import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The body of `POST /chat/completions`.
struct ChatCompletionRequest: Encodable {
    var model: String
    var messages: [ChatMessage]
    var temperature: Double?
}

/// The part of a chat-completion answer the generator reads.
struct ChatCompletionResponse: Decodable {
    struct Choice: Decodable {
        struct Message: Decodable {
            var content: String?
        }
        var message: Message?
    }
    var choices: [Choice]?
}

extension OpenAICompatibleGenerator {
    /// Sends `messages` and returns the first choice's content, as received.
    func complete(_ messages: [ChatMessage], chain: [ExecutionError]) async throws(PythonExecutorError) -> String {
        let url = endpoint
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let key = ProcessInfo.processInfo.environment[apiKeyEnvironmentVariable], !key.isEmpty {
            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        }
        do {
            request.httpBody = try JSONEncoder().encode(ChatCompletionRequest(model: model, messages: messages, temperature: temperature))
        } catch {
            throw .generation("the request could not be encoded: \(error)", chain: chain)
        }
        let seconds = timeoutSeconds
        request.timeoutInterval = seconds
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = seconds
        configuration.timeoutIntervalForResource = seconds
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        // URLSession's own timeout can fire late on a busy machine: a timer of our own (on a Dispatch
        // queue, not waiting for a free Swift task thread) cancels the request at the deadline.
        let expired = ExpiryFlag()
        let timer = DispatchWorkItem {
            expired.set()
            session.invalidateAndCancel()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: timer)
        defer { timer.cancel() }

        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch where expired.isSet || (error as? URLError)?.code == .timedOut {
            throw .generation("no answer from \(url.absoluteString) within \(Self.format(seconds)) s", chain: chain)
        } catch {
            throw .generation("cannot reach \(url.absoluteString): \(error.localizedDescription)", chain: chain)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw .generation("HTTP \(status) from \(url.absoluteString): \(Self.excerpt(data))", chain: chain)
        }
        let decoded: ChatCompletionResponse
        do {
            decoded = try JSONDecoder().decode(ChatCompletionResponse.self, from: data)
        } catch {
            throw .generation("the answer from \(url.absoluteString) is not a chat completion: \(Self.excerpt(data))", chain: chain)
        }
        guard let choice = decoded.choices?.first else {
            throw .generation("the answer from \(url.absoluteString) has no choices: \(Self.excerpt(data))", chain: chain)
        }
        guard let content = choice.message?.content, !content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .generation("the model returned an empty answer", chain: chain)
        }
        return content
    }

    /// ``timeout`` in seconds.
    var timeoutSeconds: Double {
        let parts = timeout.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The first 300 characters of a body, on one line.
    static func excerpt(_ data: Data) -> String {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return "(empty body)" }
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 300 ? String(flat.prefix(300)) + "…" : flat
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

/// Set once, read from any thread: whether a request's own deadline passed.
final class ExpiryFlag: Sendable {
    private let flag = Mutex(false)

    func set() { flag.withLock { $0 = true } }

    var isSet: Bool { flag.withLock { $0 } }
}
