/// What went wrong in a case that did not pass.
public struct CodeTestFailure: Sendable, Hashable, Codable {
    /// The exception type (`AssertionError`), or a tier's name for the ending (`Timeout`, `Rejected`).
    public var type: String
    /// The exception's message, or an explanation.
    public var message: String
    /// The line of the case's code where it failed, when known.
    public var line: Int?

    /// Creates a failure description.
    public init(type: String, message: String, line: Int? = nil) {
        self.type = type
        self.message = message
        self.line = line
    }
}
