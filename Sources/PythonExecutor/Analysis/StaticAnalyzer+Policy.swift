extension StaticAnalyzer {
    /// Applies the policy to the helper's facts: what blocks, what is a warning, which mode.
    func report(from facts: AnalysisFacts) -> AnalysisReport {
        var blocking: [String] = []
        var warnings: [String] = []
        if let syntax = facts.syntaxError { blocking.append(syntax.description) }
        if let reason = facts.analysisError { blocking.append("The code could not be analysed: \(reason)") }
        for finding in facts.findings {
            switch finding.severity {
            case .error: blocking.append("Security risk: \(finding.message)")
            case .warning: warnings.append("Security warning: \(finding.message)")
            }
        }
        if !facts.writes.isEmpty && !configuration.writesEnabled {
            let listed = facts.writes.map(\.description).joined(separator: ", ")
            blocking.append(
                "control-system writes are disabled (control_system.writes_enabled is false), but the code writes: \(listed)")
        }
        let parsed = facts.syntaxError == nil && facts.analysisError == nil
        if parsed && !facts.assignsResults {
            warnings.append("The code does not assign a top-level `results` dictionary; execution will fail unless it does.")
        }
        warnings += facts.notes
        return AnalysisReport(
            syntaxError: facts.syntaxError, securityFindings: facts.findings,
            channelWrites: facts.writes, channelReads: facts.reads, assignsResults: facts.assignsResults,
            executionMode: facts.writes.isEmpty ? .readOnly : .writeAccess,
            blockingIssues: blocking, warnings: warnings)
    }
}
