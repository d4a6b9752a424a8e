/// Bounded summaries of pandas values (see ``PythonValue/summary(_:)``).
enum FrameSummary {
    /// The one-line description, then the head: a header of column labels and
    /// the first rows, each led by its index label (`… 9995 more rows` after).
    static func text(_ frame: DataFrame, _ limits: SummaryLimits) -> String {
        var lines = [frame.description]
        let rows = Swift.min(frame.rowCount, limits.rows)
        guard rows > 0, !frame.columns.isEmpty else { return lines[0] }
        let columns = frame.columns.prefix(limits.items)
        let more = frame.columns.count > columns.count ? "  …" : ""
        lines.append("  " + columns.map { cut(DataFrame.label($0.name), limits) }.joined(separator: "  ") + more)
        for row in 0..<rows {
            let cells = columns.map { cell($0.values, row, limits) }
            lines.append(label(frame.index, row, limits) + "  " + cells.joined(separator: "  ") + more)
        }
        if frame.rowCount > rows { lines.append("… \(frame.rowCount - rows) more rows") }
        return lines.joined(separator: "\n")
    }

    /// `Series(price: 3 rows, float64) [1.5, 2.0, …]`.
    static func text(_ series: Series, _ limits: SummaryLimits) -> String {
        series.description + " " + values(series.column.values, limits)
    }

    /// `PandasArray(3 values, category) ['a', 'b', NaN]`.
    static func text(_ array: PandasArray, _ limits: SummaryLimits) -> String {
        array.description + " " + values(array.values, limits)
    }

    /// `Index(3 labels, object) ['a', 'b', 'c']`; a `RangeIndex` as its description.
    static func text(_ index: DataIndex, _ limits: SummaryLimits) -> String {
        guard index.count > 0 else { return index.description }
        switch index {
        case .range: return index.description
        case let .values(values, _, _): return index.description + " " + self.values(values, limits)
        case .multi:
            let shown = (0..<Swift.min(index.count, limits.elements)).map { label(index, $0, limits) }
            return index.description + " [" + shown.joined(separator: ", ") + (index.count > shown.count ? ", …" : "") + "]"
        }
    }

    private static func values(_ values: ColumnValues, _ limits: SummaryLimits) -> String {
        let shown = (0..<Swift.min(values.count, limits.elements)).map { cell(values, $0, limits) }
        return "[" + shown.joined(separator: ", ") + (values.count > shown.count ? ", … \(values.count) values" : "") + "]"
    }

    /// Row `row`'s label.
    private static func label(_ index: DataIndex, _ row: Int, _ limits: SummaryLimits) -> String {
        switch index {
        case let .range(start, _, step, _): return String(start &+ row &* step)
        case let .values(values, _, _): return row < values.count ? cell(values, row, limits) : "?"
        case let .multi(_, tuples):
            guard row < tuples.count else { return "?" }
            return "(" + tuples[row].map { cut($0.description, limits) }.joined(separator: ", ") + ")"
        }
    }

    /// The value at `row`, as pandas prints it (`<NA>`, `None`, `NaT`).
    private static func cell(_ values: ColumnValues, _ row: Int, _ limits: SummaryLimits) -> String {
        guard row < values.count else { return "?" }
        switch values {
        case let .array(array), let .zonedDatetimes(array, _):
            return row < array.storage.count ? ArraySummary.item(array, row) : "?"
        case let .masked(array, missing):
            if row < missing.count, missing[row] { return "<NA>" }
            return row < array.storage.count ? ArraySummary.item(array, row) : "?"
        case let .strings(strings): return strings[row].map { cut($0, limits) } ?? "None"
        case let .categorical(codes, categories, _):
            guard let code = codes[row] else { return "NaN" }
            return cell(categories, code, limits)
        case let .objects(objects):
            return objects[row].summary(SummaryLimits(characters: limits.stringCharacters, items: 3, elements: 3, rows: 0))
        }
    }

    private static func cut(_ text: String, _ limits: SummaryLimits) -> String {
        SummaryWriter.cut(text, limits.stringCharacters, quoted: false)
    }
}
