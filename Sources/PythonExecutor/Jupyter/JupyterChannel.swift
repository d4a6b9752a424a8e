import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization
import WebSocketKit

/// The kernel channels WebSocket of one kernel (`/api/kernels/<id>/channels`):
/// sends `execute_request`s and routes each incoming message to the run whose
/// request it answers (by `parent_header.msg_id`). Status changes to
/// `restarting` or `dead` (the server's notice that the kernel process died)
/// and the socket's closing go to every waiting run.
final class JupyterChannel: Sendable {
    /// What a waiting run receives.
    enum Event: Sendable {
        case message(JupyterMessage)
        /// The kernel's state became `restarting` or `dead`.
        case kernelLost(String)
        /// The WebSocket closed.
        case closed
        /// The run's time is up (posted by the engine's timer).
        case deadline
        /// The grace period after an interrupt is over (posted by the engine's timer).
        case graceOver
    }

    /// One sent request: its message id and everything that answers it.
    struct Run: Sendable {
        let id: String
        let events: AsyncStream<Event>
    }

    private struct State {
        var waiters: [String: AsyncStream<Event>.Continuation] = [:]
        var isClosed = false
    }

    private let socket: WebSocket
    private let router: Router
    /// The client session id sent with every request.
    let sessionID: String

    private init(socket: WebSocket, router: Router, sessionID: String) {
        self.socket = socket
        self.router = router
        self.sessionID = sessionID
    }

    /// Connects to `kernelID`'s channels on `endpoint`.
    static func connect(_ endpoint: JupyterEndpoint, kernelID: String) async throws(JupyterFailure) -> JupyterChannel {
        let router = Router()
        let sessionID = UUID().uuidString.lowercased()
        var headers = HTTPHeaders()
        for (name, value) in endpoint.headers { headers.add(name: name, value: value) }
        let configuration = WebSocketClient.Configuration(
            tlsConfiguration: endpoint.useHTTPS ? TLSConfiguration.makeClientConfiguration() : nil, maxFrameSize: 1 << 30)
        let url = endpoint.channelsURL(kernelID: kernelID, sessionID: sessionID)
        let once = Mutex(false)
        do {
            let socket: WebSocket = try await withCheckedThrowingContinuation { continuation in
                let resume: @Sendable (Result<WebSocket, any Error>) -> Void = { result in
                    guard once.withLock({ done in defer { done = true }; return !done }) else { return }
                    continuation.resume(with: result)
                }
                WebSocket.connect(to: url, headers: headers, configuration: configuration, on: HTTPClient.defaultEventLoopGroup) { socket in
                    socket.onText { _, text in router.receive(text) }
                    socket.onClose.whenComplete { _ in router.close() }
                    resume(.success(socket))
                }.whenComplete { result in
                    if case let .failure(error) = result { resume(.failure(error)) }
                }
            }
            return JupyterChannel(socket: socket, router: router, sessionID: sessionID)
        } catch {
            throw .unreachable(endpoint, "WebSocket to kernel \(kernelID): \(error)")
        }
    }

    /// Sends `code` as an `execute_request`; the run's stream yields every message answering it.
    func execute(_ code: String) -> Run {
        let id = UUID().uuidString.lowercased()
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        continuation.onTermination = { [router] _ in router.remove(id) }
        guard router.add(id, continuation) else {
            continuation.yield(.closed)
            continuation.finish()
            return Run(id: id, events: stream)
        }
        socket.send(JupyterExecuteRequest(id: id, session: sessionID, code: code).json)
        return Run(id: id, events: stream)
    }

    /// Adds `event` to the stream of the run `id`, if it is still waiting.
    func post(_ event: Event, to id: String) {
        router.post(event, to: id)
    }

    /// Whether the WebSocket has closed.
    var isClosed: Bool { router.isClosed || socket.isClosed }

    /// Closes the WebSocket.
    func close() async {
        try? await socket.close(code: .normalClosure).get()
    }

    /// The routing table, shared with the socket's callbacks.
    private final class Router: Sendable {
        private let state = Mutex(State())

        func add(_ id: String, _ continuation: AsyncStream<Event>.Continuation) -> Bool {
            state.withLock { state in
                guard !state.isClosed else { return false }
                state.waiters[id] = continuation
                return true
            }
        }

        func remove(_ id: String) {
            _ = state.withLock { $0.waiters.removeValue(forKey: id) }
        }

        var isClosed: Bool { state.withLock { $0.isClosed } }

        func post(_ event: Event, to id: String) {
            state.withLock { $0.waiters[id] }?.yield(event)
        }

        func receive(_ text: String) {
            guard let message = JupyterMessage.decode(text) else { return }
            if message.type == "status", let lost = message.content.executionState, lost == "restarting" || lost == "dead" {
                for waiter in state.withLock({ Array($0.waiters.values) }) { waiter.yield(.kernelLost(lost)) }
                return
            }
            guard let parent = message.parentID, let waiter = state.withLock({ $0.waiters[parent] }) else { return }
            waiter.yield(.message(message))
        }

        func close() {
            let waiters = state.withLock { state in
                state.isClosed = true
                defer { state.waiters = [:] }
                return Array(state.waiters.values)
            }
            for waiter in waiters {
                waiter.yield(.closed)
                waiter.finish()
            }
        }
    }
}
