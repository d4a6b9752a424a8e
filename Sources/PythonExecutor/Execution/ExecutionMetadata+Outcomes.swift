import Foundation

extension ExecutionMetadata {
    /// The metadata of a successful in-process run.
    static func success(started: Date, outcome: ExecutionOutcome, figurePaths: [String]) -> ExecutionMetadata {
        ExecutionMetadata(
            startTime: started, endTime: Date(), success: true, stdout: outcome.stdout, stderr: outcome.stderr,
            resultsSaved: true, figuresSaved: figurePaths, executionTimeSeconds: outcome.seconds)
    }

    /// The metadata of a failed run.
    static func failure(started: Date, error: PythonExecutorError) -> ExecutionMetadata {
        let missingResults: Bool
        if case let .runtime(message, _, _) = error { missingResults = message.contains("'results'") } else { missingResults = false }
        return ExecutionMetadata(
            startTime: started, endTime: Date(), success: false, error: error.description, traceback: error.traceback,
            errorType: error.typeName, resultsMissing: missingResults)
    }
}
