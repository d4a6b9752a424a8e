import Foundation

/// Prints the rows as an aligned text table.
func printTable(_ rows: [Row]) {
    let header = ["Case", "Ours", "(min)", "Baseline", "Baseline time", "Ours/base", "Speed", "Target", "Met"]
    var lines: [[String]] = []
    var errors: [String] = []
    for row in rows {
        switch row.result {
        case let .success((ours, baseline)):
            let ratio = ours.median / baseline.median
            let speedup = baseline.median / ours.median
            let speed = speedup >= 1 ? String(format: "%.1fx faster", speedup) : String(format: "%.1fx slower", 1 / speedup)
            let met = row.target.isMet(ours: ours.median, baseline: baseline.median).map { $0 ? "yes" : "NO" } ?? "—"
            lines.append([row.name, formatSeconds(ours.median), formatSeconds(ours.min), row.baselineName, formatSeconds(baseline.median),
                          String(format: "%.4g", ratio), speed, row.target.description, met])
        case let .failure(error):
            lines.append([row.name, "ERROR", "—", row.baselineName, "—", "—", "—", row.target.description, "—"])
            errors.append("\(row.name): \(error)")
        }
    }
    let table = [header] + lines
    let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
    func render(_ cells: [String]) -> String {
        zip(cells, widths).map { cell, width in cell.padding(toLength: width, withPad: " ", startingAt: 0) }
            .joined(separator: " | ")
    }
    print(render(header))
    print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-"))
    for line in lines { print(render(line)) }
    for error in errors { print("ERROR \(error)") }
}
