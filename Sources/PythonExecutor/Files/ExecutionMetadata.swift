import Foundation

/// What one execution did, as written to `execution_metadata.json` with the
/// keys of the reference's execution wrapper (plus `results_missing` and
/// `execution_time_seconds`).
public struct ExecutionMetadata: Sendable, Hashable, Codable {
    /// When the code started (`start_time`).
    public var startTime: Date
    /// When the code ended (`end_time`).
    public var endTime: Date?
    /// Whether the code ran without an exception and set `results` (`success`).
    public var success: Bool
    /// The error message, when it failed (`error`).
    public var error: String?
    /// The Python traceback, when it raised (`traceback`).
    public var traceback: String?
    /// What the code printed to stdout (`stdout`).
    public var stdout: String
    /// What the code printed to stderr (`stderr`).
    public var stderr: String
    /// The error's type, e.g. `ZeroDivisionError` (`error_type`).
    public var errorType: String?
    /// Whether `results.json` was written (`results_saved`).
    public var resultsSaved: Bool
    /// Whether the code ended without a `results` variable (`results_missing`).
    public var resultsMissing: Bool
    /// Why `results.json` could not be written (`results_save_error`).
    public var resultsSaveError: String?
    /// The saved figures, in order (`figures_saved`).
    public var figuresSaved: [String]
    /// How many figures were saved (`figure_count`).
    public var figureCount: Int
    /// Figures that could not be saved, one message each (`figure_errors`).
    public var figureErrors: [String]
    /// The tier the code ran in: `process` or `in_process` (`execution_mode`).
    public var executionMode: String
    /// Seconds the code ran (`execution_time_seconds`).
    public var executionTimeSeconds: Double?

    /// Creates metadata; `figureCount` defaults to the number of saved figures.
    public init(
        startTime: Date, endTime: Date? = nil, success: Bool, error: String? = nil, traceback: String? = nil,
        stdout: String = "", stderr: String = "", errorType: String? = nil, resultsSaved: Bool = false,
        resultsMissing: Bool = false, resultsSaveError: String? = nil, figuresSaved: [String] = [],
        figureCount: Int? = nil, figureErrors: [String] = [], executionMode: String = "in_process",
        executionTimeSeconds: Double? = nil
    ) {
        self.startTime = startTime
        self.endTime = endTime
        self.success = success
        self.error = error
        self.traceback = traceback
        self.stdout = stdout
        self.stderr = stderr
        self.errorType = errorType
        self.resultsSaved = resultsSaved
        self.resultsMissing = resultsMissing
        self.resultsSaveError = resultsSaveError
        self.figuresSaved = figuresSaved
        self.figureCount = figureCount ?? figuresSaved.count
        self.figureErrors = figureErrors
        self.executionMode = executionMode
        self.executionTimeSeconds = executionTimeSeconds
    }

    enum CodingKeys: String, CodingKey {
        case startTime = "start_time", endTime = "end_time", success, error, traceback, stdout, stderr
        case errorType = "error_type", resultsSaved = "results_saved", resultsMissing = "results_missing"
        case resultsSaveError = "results_save_error", figuresSaved = "figures_saved", figureCount = "figure_count"
        case figureErrors = "figure_errors", executionMode = "execution_mode"
        case executionTimeSeconds = "execution_time_seconds"
    }

    /// Decodes `execution_metadata.json`; keys the reference may leave out get defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        startTime = try ISOTimestamp.decode(container, .startTime)
        endTime = try ISOTimestamp.decodeIfPresent(container, .endTime)
        success = try container.decode(Bool.self, forKey: .success)
        error = try container.decodeIfPresent(String.self, forKey: .error)
        traceback = try container.decodeIfPresent(String.self, forKey: .traceback)
        stdout = try container.decodeIfPresent(String.self, forKey: .stdout) ?? ""
        stderr = try container.decodeIfPresent(String.self, forKey: .stderr) ?? ""
        errorType = try container.decodeIfPresent(String.self, forKey: .errorType)
        resultsSaved = try container.decodeIfPresent(Bool.self, forKey: .resultsSaved) ?? false
        resultsMissing = try container.decodeIfPresent(Bool.self, forKey: .resultsMissing) ?? false
        resultsSaveError = try container.decodeIfPresent(String.self, forKey: .resultsSaveError)
        figuresSaved = try container.decodeIfPresent([String].self, forKey: .figuresSaved) ?? []
        figureCount = try container.decodeIfPresent(Int.self, forKey: .figureCount) ?? figuresSaved.count
        figureErrors = try container.decodeIfPresent([String].self, forKey: .figureErrors) ?? []
        executionMode = try container.decodeIfPresent(String.self, forKey: .executionMode) ?? "in_process"
        executionTimeSeconds = try container.decodeIfPresent(Double.self, forKey: .executionTimeSeconds)
    }

    /// Encodes every key, with `null` for what is missing (as the reference
    /// writes `None`); dates as ISO 8601 text; a non-finite time as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ISOTimestamp.string(startTime), forKey: .startTime)
        try container.encode(endTime.map(ISOTimestamp.string), forKey: .endTime)
        try container.encode(success, forKey: .success)
        try container.encode(error, forKey: .error)
        try container.encode(traceback, forKey: .traceback)
        try container.encode(stdout, forKey: .stdout)
        try container.encode(stderr, forKey: .stderr)
        try container.encode(errorType, forKey: .errorType)
        try container.encode(resultsSaved, forKey: .resultsSaved)
        try container.encode(resultsMissing, forKey: .resultsMissing)
        try container.encode(resultsSaveError, forKey: .resultsSaveError)
        try container.encode(figuresSaved, forKey: .figuresSaved)
        try container.encode(figureCount, forKey: .figureCount)
        try container.encode(figureErrors, forKey: .figureErrors)
        try container.encode(executionMode, forKey: .executionMode)
        try container.encode(executionTimeSeconds.flatMap { $0.isFinite ? $0 : nil }, forKey: .executionTimeSeconds)
    }
}
