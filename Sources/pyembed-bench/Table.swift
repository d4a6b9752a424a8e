import Foundation

/// Prints the rows as an aligned text table.
func printTable(_ rows: [Row]) {
    let header = ["Case", "Ours", "(min)", "Baseline", "Baseline time", "Ours/base", "Speed", "Target", "Met"]
    var lines: [[String]] = []
    var errors: [String] = []
    for row in rows {
        let ours = try? row.ours.get(), baseline = try? row.baseline.get()
        var cells = [row.name, ours.map { formatSeconds($0.median) } ?? "ERROR", ours.map { formatSeconds($0.min) } ?? "—",
                     row.baselineName, baseline.map { formatSeconds($0.median) } ?? "ERROR"]
        if let ours, let baseline {
            let ratio = ours.median / baseline.median
            let speedup = baseline.median / ours.median
            let speed = speedup >= 1 ? String(format: "%.1fx faster", speedup) : String(format: "%.1fx slower", 1 / speedup)
            let met = row.target.isMet(ours: ours.median, baseline: baseline.median).map { $0 ? "yes" : "NO" } ?? "—"
            cells += [String(format: "%.4g", ratio), speed, row.target.description, met]
        } else {
            // An absolute target can still be judged without the baseline.
            let met = ours.flatMap { ours in
                if case .atMost = row.target { return row.target.isMet(ours: ours.median, baseline: .nan) } else { return nil }
            }
            cells += ["—", "—", row.target.description, met.map { $0 ? "yes" : "NO" } ?? "—"]
        }
        lines.append(cells)
        if case let .failure(error) = row.ours { errors.append("\(row.name): \(error)") }
        if case let .failure(error) = row.baseline { errors.append("\(row.name) (baseline \(row.baselineName)): \(error)") }
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
