import Foundation

/// A progress report from a running workflow (the reference's status messages).
public struct StatusEvent: Sendable, Hashable {
    /// Where the workflow is.
    public enum Stage: String, Sendable, Hashable, Codable {
        /// "Generating Python code…"
        case generating
        /// "Analyzing Python code…"
        case analyzing
        /// "Requesting human approval…"
        case awaitingApproval = "awaiting_approval"
        /// "Executing Python code…"
        case executing
        /// Text the running code printed to stdout, as it comes (engines that stream output: Jupyter kernels).
        case stdout
        /// Text the running code printed to stderr, as it comes.
        case stderr
        /// The run succeeded.
        case succeeded
        /// The run failed or was rejected.
        case failed
    }

    /// The stage.
    public var stage: Stage
    /// The attempt (1-based).
    public var attempt: Int
    /// A message for people.
    public var message: String
    /// When it happened.
    public var timestamp: Date

    /// Creates an event.
    public init(stage: Stage, attempt: Int, message: String, timestamp: Date = Date()) {
        self.stage = stage
        self.attempt = attempt
        self.message = message
        self.timestamp = timestamp
    }
}
