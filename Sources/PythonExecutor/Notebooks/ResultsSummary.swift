import Foundation
import PyEmbed

/// The short text of a run's `results` shown in the final notebook and in
/// `pyexec`'s text output: one line per entry of a results dictionary, each a
/// bounded ``PythonValue/summary(_:)``. The full data is in `results.json`.
public enum ResultsSummary {
    /// The most dictionary entries listed; the rest are counted.
    public static let entries = 50
    /// The limits of one entry's summary.
    public static let limits = SummaryLimits(characters: 1_000)

    /// `key: summary` lines for a dictionary (at most ``entries``), else the value's summary.
    public static func lines(_ results: PythonValue) -> [String] {
        guard case let .dict(dictionary) = results else { return [results.summary(limits)] }
        var lines = dictionary.entries.prefix(entries).map { entry in
            "\(entry.key.stringValue ?? entry.key.summary(limits)): \(entry.value.summary(limits))"
        }
        if dictionary.count > entries { lines.append("… \(dictionary.count - entries) more entries") }
        return lines
    }

    /// ``lines(_:)`` as a fenced text block for a markdown cell.
    public static func markdown(_ results: PythonValue) -> String {
        let body = lines(results).joined(separator: "\n").replacingOccurrences(of: "```", with: "`\u{200B}``")
        return "```text\n" + body + "\n```"
    }
}
