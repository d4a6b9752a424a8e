/// The helper's answer: facts about the code, before the policy is applied.
struct AnalysisFacts: Decodable {
    var syntaxError: SyntaxProblem?
    var findings: [SecurityFinding]
    var writes: [ChannelOperation]
    var reads: [ChannelOperation]
    var assignsResults: Bool
    /// Ignored patterns and Python's compile-time warnings.
    var notes: [String]
    /// Why the tree could not be analysed (nested too deeply), if it could not.
    var analysisError: String?

    enum CodingKeys: String, CodingKey {
        case syntaxError = "syntax_error", findings, writes, reads
        case assignsResults = "assigns_results", notes, analysisError = "analysis_error"
    }
}
