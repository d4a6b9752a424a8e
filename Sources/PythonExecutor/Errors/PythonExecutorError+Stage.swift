extension PythonExecutorError {
    /// The workflow stage an error happened in.
    public enum Stage: String, Sendable, Hashable, Codable, CaseIterable {
        /// Before the first attempt: the service, its interpreter, the execution folder.
        case setup
        /// Writing the code (the generator).
        case generation
        /// Checking the code before it runs (syntax, security, policy).
        case analysis
        /// Waiting for, or recording, a human's decision.
        case approval
        /// Continuing a paused run from its folder.
        case resume
        /// Running the code.
        case execution
        /// Saving a successful run's files.
        case results
    }
}
