import PyEmbed

extension CodeTestResult {
    /// The result as one JSON line: `{"id", "status", "error": {"type", "message", "line"} or null, "seconds"}`.
    public var jsonLine: String {
        let error: PythonValue = self.error.map { failure in
            .dict(PythonDictionary([
                .init(key: .string("type"), value: .string(failure.type)),
                .init(key: .string("message"), value: .string(failure.message)),
                .init(key: .string("line"), value: failure.line.map { .int(PythonInteger($0)) } ?? .none),
            ]))
        } ?? .none
        return CodeTestResult.json(.dict(PythonDictionary([
            .init(key: .string("id"), value: .string(id)),
            .init(key: .string("status"), value: .string(status.rawValue)),
            .init(key: .string("error"), value: error),
            .init(key: .string("seconds"), value: .float(seconds)),
        ])))
    }

    /// The summary line after the cases: the counts, the total time, and every analysis finding.
    public static func summaryLine(_ results: [CodeTestResult], _ summary: CodeTestSummary) -> String {
        var entries: [PythonDictionary.Entry] = [.init(key: .string("summary"), value: .bool(true)), .init(key: .string("total"), value: .int(PythonInteger(summary.total)))]
        for status in CodeTestStatus.allCases {
            entries.append(.init(key: .string(status.rawValue), value: .int(PythonInteger(summary.counts[status] ?? 0))))
        }
        entries.append(.init(key: .string("seconds"), value: .float(summary.seconds)))
        let findings = results.flatMap { result in
            result.findings.map { finding in
                PythonValue.dict(PythonDictionary([
                    .init(key: .string("id"), value: .string(result.id)),
                    .init(key: .string("line"), value: .int(PythonInteger(finding.line))),
                    .init(key: .string("kind"), value: .string(finding.kind.rawValue)),
                    .init(key: .string("severity"), value: .string(finding.severity.rawValue)),
                    .init(key: .string("message"), value: .string(finding.message)),
                ]))
            }
        }
        entries.append(.init(key: .string("findings"), value: .list(findings)))
        return json(.dict(PythonDictionary(entries)))
    }

    private static func json(_ value: PythonValue) -> String {
        (try? value.jsonString(policy: ReferenceJSONPolicy(keys: .text))) ?? "{}"
    }
}
