/// The folders and notebooks of one execution (the reference's `PythonExecutionContext`).
///
/// It is `Codable` so that a run stopped at approval can be written down and
/// its files re-opened later, also in another process
/// (``ExecutionFiles/init(existing:configuration:)``).
public struct PythonExecutionContext: Sendable, Hashable, Codable {
    /// The execution folder (absolute).
    public var folderPath: String
    /// A link to the execution folder (Jupyter when configured, else `file://`).
    public var folderURL: String
    /// The `attempts/` folder (absolute).
    public var attemptsFolder: String
    /// `context.json`, once it has been written.
    public var contextFilePath: String?
    /// The attempt notebooks written so far, in order.
    public var notebookAttempts: [NotebookAttempt]

    /// The number the next attempt notebook gets (1-based).
    public var nextAttemptNumber: Int { notebookAttempts.count + 1 }

    /// Creates a context.
    public init(
        folderPath: String, folderURL: String, attemptsFolder: String,
        contextFilePath: String? = nil, notebookAttempts: [NotebookAttempt] = []
    ) {
        self.folderPath = folderPath
        self.folderURL = folderURL
        self.attemptsFolder = attemptsFolder
        self.contextFilePath = contextFilePath
        self.notebookAttempts = notebookAttempts
    }

    enum CodingKeys: String, CodingKey {
        case folderPath = "folder_path", folderURL = "folder_url", attemptsFolder = "attempts_folder"
        case contextFilePath = "context_file_path", notebookAttempts = "notebook_attempts"
    }

    /// Decodes a context; a missing attempt list is empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        folderPath = try container.decode(String.self, forKey: .folderPath)
        folderURL = try container.decode(String.self, forKey: .folderURL)
        attemptsFolder = try container.decode(String.self, forKey: .attemptsFolder)
        contextFilePath = try container.decodeIfPresent(String.self, forKey: .contextFilePath)
        notebookAttempts = try container.decodeIfPresent([NotebookAttempt].self, forKey: .notebookAttempts) ?? []
    }

    /// Encodes a context with `null` for a missing `context.json`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(folderPath, forKey: .folderPath)
        try container.encode(folderURL, forKey: .folderURL)
        try container.encode(attemptsFolder, forKey: .attemptsFolder)
        try container.encode(contextFilePath, forKey: .contextFilePath)
        try container.encode(notebookAttempts, forKey: .notebookAttempts)
    }
}
