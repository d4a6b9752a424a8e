extension ScriptedCodeGenerator {
    /// The kind of fix `errorAware` applies for one failure.
    enum Fix: String {
        case `import`, zeroDivision = "zero_division", syntax, missingResults = "missing_results", analysis, generic
    }

    /// Which fix answers `error`: from its typed failure when it has one (the
    /// Python exception's class), else judged from its kind, message and traceback
    /// (an entry read back from a paused run, or written by hand, as the reference's mock does).
    static func fix(for error: ExecutionError) -> Fix {
        if let exception = error.failure?.pythonException {
            if exception.isInstance(of: "ZeroDivisionError") { return .zeroDivision }
            if exception.isInstance(of: "NameError") || exception.isInstance(of: "ImportError") { return .import }
        }
        if case .syntax? = error.failure { return .syntax }
        let text = [error.errorMessage, error.traceback ?? "", error.analysisIssues.joined(separator: " ")]
            .joined(separator: " ").lowercased()
        if text.contains("zerodivisionerror") { return .zeroDivision }
        if text.contains("nameerror") || text.contains("importerror") || text.contains("modulenotfounderror")
            || text.contains("missing module") {
            return .import
        }
        if error.errorType == .syntax || text.contains("syntax") { return .syntax }
        if text.contains("results") { return .missingResults }
        if error.errorType == .analysis { return .analysis }
        return .generic
    }

    /// The code `errorAware` writes after `last` (no failure yet: the first attempt).
    static func errorAwareCode(after last: ExecutionError?) -> String {
        guard let last else {
            return """
                values = [1, 2, 3]
                results = {'values': values, 'mean': sum(values) / len(values)}
                """
        }
        let fix = fix(for: last)
        let body: String
        switch fix {
        case .import:
            body = """
                from statistics import mean

                values = [1, 2, 3]
                results = {'values': values, 'mean': mean(values), 'count': len(values)}
                """
        case .zeroDivision:
            body = """
                values = [1, 2, 3]
                count = len(values)
                mean_value = sum(values) / count if count > 0 else 0
                results = {'values': values, 'mean': mean_value}
                """
        case .syntax:
            body = """
                def calculate_mean(values):
                    if not values:
                        return 0
                    return sum(values) / len(values)

                results = {'values': [1, 2, 3], 'mean': calculate_mean([1, 2, 3])}
                """
        case .missingResults:
            body = """
                value = 42 * 2
                results = {'value': value}
                """
        case .analysis, .generic:
            body = """
                results = {'status': 'success', 'value': 42, 'message': 'Fixed after error'}
                """
        }
        return "# Fixed after attempt \(last.attemptNumber) (\(last.errorType.rawValue)): \(fix.rawValue)\n"
            + body + "\nresults['fixed'] = '\(fix.rawValue)'"
    }
}
