extension DataFrame: CustomStringConvertible {
    /// A one-line summary: `DataFrame(3 rows × 2 columns: a int64, b str)`
    /// (the first eight columns by label and dtype).
    public var description: String {
        let shown = columns.prefix(Self.shownColumns).map { "\(Self.label($0.name)) \($0.dtype)" }
        let more = columns.count > Self.shownColumns ? ", … \(columns.count - Self.shownColumns) more" : ""
        let listing = columns.isEmpty ? "" : ": " + shown.joined(separator: ", ") + more
        return "DataFrame(\(Self.plural(rowCount, "row")) × \(Self.plural(columns.count, "column"))\(listing))"
    }

    private static let shownColumns = 8

    /// A label as text: strings bare, anything else as Python writes it.
    static func label(_ value: PythonValue) -> String {
        if case let .string(text) = value { return text }
        return value.description
    }

    static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}

extension Series: CustomStringConvertible {
    /// A one-line summary: `Series(price: 3 rows, float64)`.
    public var description: String {
        let name = column.name == .none ? "" : DataFrame.label(column.name) + ": "
        return "Series(\(name)\(DataFrame.plural(index.count, "row")), \(column.dtype))"
    }
}

extension DataIndex: CustomStringConvertible {
    /// A one-line summary: `RangeIndex(start: 0, stop: 10, step: 2)`,
    /// `Index(3 labels, datetime64[ns], name: day)`, `MultiIndex(4 rows, names: [a, b])`.
    public var description: String {
        switch self {
        case let .range(start, stop, step, name):
            return "RangeIndex(start: \(start), stop: \(stop), step: \(step)\(Self.named(name)))"
        case let .values(values, dtype, name):
            return "Index(\(DataFrame.plural(values.count, "label")), \(dtype)\(Self.named(name)))"
        case let .multi(names, tuples):
            return "MultiIndex(\(DataFrame.plural(tuples.count, "row")), names: [\(names.map(DataFrame.label).joined(separator: ", "))])"
        }
    }

    private static func named(_ name: PythonValue) -> String {
        name == .none ? "" : ", name: \(DataFrame.label(name))"
    }
}
