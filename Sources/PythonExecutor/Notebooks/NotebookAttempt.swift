import Foundation

/// One attempt notebook written during a run (the reference's `NotebookAttempt`).
public struct NotebookAttempt: Sendable, Hashable, Codable {
    /// What the notebook was written for.
    public var notebookType: NotebookType
    /// The attempt's number (1-based), also the `NN` in its file name.
    public var attemptNumber: Int
    /// The stage (`static_analysis_failed`, `syntax_error`, `awaiting_approval`, `execution_failed`).
    public var stage: String
    /// The notebook's absolute path.
    public var notebookPath: String
    /// A link to the notebook (Jupyter when configured, else `file://`).
    public var notebookLink: String
    /// The error shown in the notebook's header, when the attempt failed.
    public var errorContext: String?
    /// When the notebook was written.
    public var createdAt: Date

    /// Creates an attempt record.
    public init(
        notebookType: NotebookType, attemptNumber: Int, stage: String, notebookPath: String,
        notebookLink: String, errorContext: String? = nil, createdAt: Date = Date()
    ) {
        self.notebookType = notebookType
        self.attemptNumber = attemptNumber
        self.stage = stage
        self.notebookPath = notebookPath
        self.notebookLink = notebookLink
        self.errorContext = errorContext
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case notebookType = "notebook_type", attemptNumber = "attempt_number", stage
        case notebookPath = "notebook_path", notebookLink = "notebook_link"
        case errorContext = "error_context", createdAt = "created_at"
    }

    /// Decodes the reference's `to_dict()` shape (`created_at` as ISO 8601 text).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        notebookType = try container.decode(NotebookType.self, forKey: .notebookType)
        attemptNumber = try container.decode(Int.self, forKey: .attemptNumber)
        stage = try container.decode(String.self, forKey: .stage)
        notebookPath = try container.decode(String.self, forKey: .notebookPath)
        notebookLink = try container.decode(String.self, forKey: .notebookLink)
        errorContext = try container.decodeIfPresent(String.self, forKey: .errorContext)
        createdAt = try ISOTimestamp.decode(container, .createdAt)
    }

    /// Encodes the reference's `to_dict()` shape (`created_at` as ISO 8601 text, `null` kept).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(notebookType, forKey: .notebookType)
        try container.encode(attemptNumber, forKey: .attemptNumber)
        try container.encode(stage, forKey: .stage)
        try container.encode(notebookPath, forKey: .notebookPath)
        try container.encode(notebookLink, forKey: .notebookLink)
        try container.encode(errorContext, forKey: .errorContext)
        try container.encode(ISOTimestamp.string(createdAt), forKey: .createdAt)
    }
}
