import Foundation
import PyEmbed

/// A successful execution (the reference's `PythonExecutionSuccess`).
public struct PythonExecutionSuccess: Sendable, Hashable {
    /// The code's `results` dictionary, converted.
    public var results: PythonValue
    /// What the code printed.
    public var stdout: String
    /// Seconds the code ran.
    public var executionTime: Double
    /// The execution folder.
    public var folderPath: String
    /// The final notebook.
    public var notebookPath: String
    /// A link to the final notebook (Jupyter when configured, else `file://`).
    public var notebookLink: String
    /// The saved figures, `figures/figure_NN.png`, in order.
    public var figurePaths: [String]
    /// The figures themselves, with their PNG bytes and metadata.
    public var figures: [Figure]
    /// ``results`` as the pretty-printed JSON of `results.json`, encoded once
    /// and reused (`pyexec --json`); `nil` when it could not be encoded.
    public var resultsJSON: Data?

    /// Creates a success value.
    public init(
        results: PythonValue, stdout: String, executionTime: Double, folderPath: String,
        notebookPath: String, notebookLink: String, figurePaths: [String], figures: [Figure] = [], resultsJSON: Data? = nil
    ) {
        self.results = results
        self.stdout = stdout
        self.executionTime = executionTime
        self.folderPath = folderPath
        self.notebookPath = notebookPath
        self.notebookLink = notebookLink
        self.figurePaths = figurePaths
        self.figures = figures
        self.resultsJSON = resultsJSON
    }

    /// The reference's dictionary form: `results`, `execution_stdout`,
    /// `execution_time_seconds`, `execution_folder`, `notebook_path`,
    /// `notebook_link`, `figure_paths`, `figure_count`.
    public var dictionary: PythonValue {
        .dict(PythonDictionary([
            .init(key: .string("results"), value: results),
            .init(key: .string("execution_stdout"), value: .string(stdout)),
            .init(key: .string("execution_time_seconds"), value: .float(executionTime)),
            .init(key: .string("execution_folder"), value: .string(folderPath)),
            .init(key: .string("notebook_path"), value: .string(notebookPath)),
            .init(key: .string("notebook_link"), value: .string(notebookLink)),
            .init(key: .string("figure_paths"), value: .list(figurePaths.map(PythonValue.string))),
            .init(key: .string("figure_count"), value: .int(PythonInteger(figurePaths.count))),
        ]))
    }
}

/// What the service returns (the reference's `PythonServiceResult`).
public struct PythonServiceResult: Sendable, Hashable {
    /// The successful execution.
    public var executionResult: PythonExecutionSuccess
    /// The code that ran (exactly the approved code, when approval was asked).
    public var generatedCode: String
    /// The attempt (1-based) that succeeded.
    public var generationAttempt: Int
    /// What static analysis warned about (the reference leaves this empty).
    public var analysisWarnings: [String]

    /// Creates a result.
    public init(executionResult: PythonExecutionSuccess, generatedCode: String, generationAttempt: Int, analysisWarnings: [String]) {
        self.executionResult = executionResult
        self.generatedCode = generatedCode
        self.generationAttempt = generationAttempt
        self.analysisWarnings = analysisWarnings
    }
}
