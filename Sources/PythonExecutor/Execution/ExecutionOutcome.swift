import PyEmbed

/// What one in-process execution produced.
struct ExecutionOutcome: Sendable {
    /// `results`, converted.
    var results: PythonValue
    /// What the code printed to stdout.
    var stdout: String
    /// What the code printed to stderr.
    var stderr: String
    /// Seconds from start to end of the code.
    var seconds: Double
    /// The figures open when the code ended, converted and closed.
    var figures: [Figure]
    /// Parts of `results` that could not be converted (kept as opaque objects), by path.
    var conversionWarnings: [String] = []
    /// Open figures that could not be rendered (too large, or a drawing error), with the reason.
    var figureFailures: [String] = []
}
