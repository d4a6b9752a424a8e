import Foundation

extension ExecutionMetadata {
    /// The metadata of a successful in-process run.
    static func success(started: Date, outcome: ExecutionOutcome, figurePaths: [String]) -> ExecutionMetadata {
        ExecutionMetadata(
            startTime: started, endTime: Date(), success: true, stdout: outcome.stdout, stderr: outcome.stderr,
            resultsSaved: true, figuresSaved: figurePaths, executionTimeSeconds: outcome.seconds)
    }

    /// The metadata of a failed run, with what it printed and the Python exception type.
    static func failure(started: Date, failure: RunnerFailure) -> ExecutionMetadata {
        ExecutionMetadata(
            startTime: started, endTime: Date(), success: false, error: failure.error.description,
            traceback: failure.error.traceback, stdout: failure.stdout, stderr: failure.stderr,
            errorType: failure.pythonType ?? failure.error.typeName, resultsMissing: failure.resultsMissing)
    }
}
