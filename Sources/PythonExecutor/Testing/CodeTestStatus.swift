/// The verdict on one case.
public enum CodeTestStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// It ran to its end without an exception (or exited with status 0).
    case passed
    /// It raised (an assert included), or exited with another status.
    case failed
    /// It was still running when its time limit passed.
    case timeout
    /// The tier lost it: a killed or crashed worker, a failure around the code.
    case crashed
    /// Static analysis blocked it under the strict policy; it did not run.
    case rejected
}
