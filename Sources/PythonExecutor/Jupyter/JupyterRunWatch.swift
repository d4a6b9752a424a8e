import Foundation
import PyEmbedProcess

/// Follows one `execute_request` on a kernel to its end: collects the output
/// (and passes it on as it comes), the outcome `display_data` and the reply;
/// interrupts the kernel at the deadline and asks for a restart when the
/// interrupt does not end the run within the grace period; notices a kernel
/// that died and a channel that closed.
struct JupyterRunWatch: Sendable {
    let kernel: JupyterKernel
    let timeoutSeconds: Double
    let graceSeconds: Double
    /// The most bytes of stdout, and of stderr, the run keeps (`execution.process.output_limit_bytes`);
    /// what streams to ``output`` is not cut.
    let outputLimit: Int
    let output: OutputHandler?

    /// How a request ended.
    struct Ending: Sendable {
        /// What to do with the kernel afterwards.
        enum Disposition: Sendable {
            /// It is usable: give it back.
            case reuse
            /// It still runs the code: restart it.
            case restart
            /// It died or its channel closed: delete it and start another next time.
            case replace
        }

        enum Kind: Sendable {
            case completed(payload: String?, reply: JupyterMessage.Content?)
            case timedOut
            case died(String)
            case closed
            case cancelled
        }

        var disposition: Disposition
        var kind: Kind
        var stdout = ""
        var stderr = ""
        var seconds = 0.0
        var timeoutSeconds = 0.0
        var kernel: JupyterKernel

        /// The run's outcome, or the executor's error for how it ended.
        func outcome(attempt: Int, folder: String) throws(RunnerFailure) -> ExecutionOutcome {
            switch kind {
            case let .completed(payload?, _):
                return try JupyterPayload.outcome(base64: payload, stdout: stdout, stderr: stderr, seconds: seconds, attempt: attempt, folder: folder)
            case let .completed(nil, reply):
                if let reply, reply.status == "error" {
                    let traceback = (reply.traceback ?? []).map(Self.plain).joined(separator: "\n")
                    throw RunnerFailure(
                        error: .runtime(message: "\(reply.ename ?? "Error"): \(reply.evalue ?? "")", traceback: traceback, attempt: attempt, folder: folder),
                        stdout: stdout, stderr: stderr)
                }
                throw RunnerFailure(
                    error: .workflow(message: "the kernel ended the run (status '\(reply?.status ?? "none")') without sending its outcome", stage: .execution),
                    stdout: stdout, stderr: stderr)
            case .timedOut:
                throw RunnerFailure(error: .executionTimeout(seconds: timeoutSeconds, attempt: attempt, folder: folder), stdout: stdout, stderr: stderr)
            case let .died(state):
                throw RunnerFailure(error: JupyterFailure.kernelDied(kernelID: kernel.id, state: state).executorError(attempt: attempt, folder: folder), stdout: stdout, stderr: stderr)
            case .closed:
                throw RunnerFailure(error: JupyterFailure.channelClosed(kernel.endpoint, kernelID: kernel.id).executorError(attempt: attempt, folder: folder), stdout: stdout, stderr: stderr)
            case .cancelled:
                // Not the code's fault, and not to be retried: the caller gave up on the run.
                throw RunnerFailure(
                    error: .cancelled(stage: .execution, attempt: attempt, folder: folder), stdout: stdout, stderr: stderr)
            }
        }

        /// Why a setup request failed, or `nil` when it succeeded.
        var setupFailure: JupyterFailure? {
            switch kind {
            case let .completed(_, reply) where reply?.status == "ok": return nil
            case let .completed(_, reply):
                let detail = "\(reply?.ename ?? "no reply"): \(reply?.evalue ?? "")"
                return .httpStatus(500, "kernel \(kernel.id) (\(kernel.endpoint.kernelName)) at \(kernel.endpoint.description) could not install the service's helper modules: \(detail)\n\(stderr)")
            case .timedOut: return .protocolViolation("kernel \(kernel.id) did not finish installing the service's helper modules within \(Int(timeoutSeconds)) s")
            case let .died(state): return .kernelDied(kernelID: kernel.id, state: state)
            case .closed, .cancelled: return .channelClosed(kernel.endpoint, kernelID: kernel.id)
            }
        }

        /// A traceback line without ANSI colour codes.
        static func plain(_ line: String) -> String {
            line.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        }
    }

    /// Sends `code` and waits for its end.
    func run(_ code: String) async -> Ending {
        let channel = kernel.channel
        let started = ContinuousClock.now
        let request = channel.execute(code)
        let limit = timeoutSeconds.isFinite ? min(max(timeoutSeconds, 0.001), 1_000_000) : 1_000_000
        let deadline = Task {
            try? await Task.sleep(for: .seconds(limit))
            if !Task.isCancelled { channel.post(.deadline, to: request.id) }
        }
        var grace: Task<Void, Never>?
        defer {
            deadline.cancel()
            grace?.cancel()
        }
        var ending = Ending(disposition: .reuse, kind: .closed, timeoutSeconds: limit, kernel: kernel)
        var stdout = StreamBuffer(limit: outputLimit), stderr = StreamBuffer(limit: outputLimit)
        var payload: String?, reply: JupyterMessage.Content?, isIdle = false, interrupted = false
        func finish(_ disposition: Ending.Disposition, _ kind: Ending.Kind) -> Ending {
            ending.disposition = disposition
            ending.kind = kind
            ending.seconds = (ContinuousClock.now - started).seconds
            ending.stdout = stdout.text
            ending.stderr = stderr.text
            return ending
        }
        for await event in request.events {
            switch event {
            case let .message(message):
                switch message.type {
                case "stream":
                    let text = message.content.text ?? ""
                    let isError = message.content.name == "stderr"
                    if isError { stderr.append(text) } else { stdout.append(text) }
                    output?(OutputChunk(stream: isError ? .stderr : .stdout, text: text))
                case "display_data":
                    if let text = message.content.data?[JupyterPayload.mimeType]?.text { payload = text }
                case "execute_reply":
                    reply = message.content
                case "status":
                    if message.content.executionState == "idle" { isIdle = true }
                default:
                    break
                }
                if reply != nil, isIdle {
                    return finish(.reuse, interrupted ? .timedOut : .completed(payload: payload, reply: reply))
                }
            case let .kernelLost(state):
                return finish(.replace, .died(state))
            case .closed:
                return finish(.replace, .closed)
            case .deadline:
                interrupted = true
                try? await kernel.rest.interrupt(kernel.id)
                let seconds = graceSeconds
                grace = Task {
                    try? await Task.sleep(for: .seconds(seconds))
                    if !Task.isCancelled { channel.post(.graceOver, to: request.id) }
                }
            case .graceOver:
                return finish(.restart, .timedOut)
            }
        }
        // The stream ends early only when the waiting task is cancelled (or the socket closed).
        return finish(.replace, Task.isCancelled ? .cancelled : .closed)
    }
}
