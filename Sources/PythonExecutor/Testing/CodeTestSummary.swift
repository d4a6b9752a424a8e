/// Counts over a batch's results.
public struct CodeTestSummary: Sendable, Hashable {
    /// How many cases had each status.
    public var counts: [CodeTestStatus: Int]
    /// How many cases ran.
    public var total: Int
    /// Wall-clock seconds for the whole batch.
    public var seconds: Double

    /// Counts `results`.
    public init(_ results: [CodeTestResult], seconds: Double) {
        var counts: [CodeTestStatus: Int] = [:]
        for status in CodeTestStatus.allCases { counts[status] = 0 }
        for result in results { counts[result.status, default: 0] += 1 }
        self.counts = counts
        self.total = results.count
        self.seconds = seconds
    }

    /// Whether every case passed.
    public var allPassed: Bool { counts[.passed] == total }

    /// `300 cases: 280 passed, 17 failed, 3 timeout, 0 crashed, 0 rejected in 1.2 s`.
    public var description: String {
        let parts = CodeTestStatus.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        return "\(total) cases: \(parts) in \(String(format: "%.3f", seconds)) s"
    }
}
