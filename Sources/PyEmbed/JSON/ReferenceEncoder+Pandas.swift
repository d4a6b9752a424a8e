extension ReferenceEncoder {
    /// `Series.tolist()` or `Index.tolist()`: each value as pandas hands it out.
    mutating func pandasItems(_ values: ColumnValues, dtype: String) throws(Failure) -> [JSONValue] {
        try PandasCells(values, dtype: dtype, boxingObjects: false).json(&self)
    }

    /// `Index.tolist()`: a `RangeIndex`'s ints, a `MultiIndex`'s tuples, other labels as pandas boxes them.
    mutating func pandasList(_ index: DataIndex) throws(Failure) -> JSONValue {
        switch index {
        case .range, .multi:
            guard index.count <= Self.maxExpandedLabels else { throw .tooManyLabels(index.count) }
            var items: [JSONValue] = []
            for label in index.referenceLabels() { items.append(try encode(label)) }
            return .array(items)
        case let .values(values, dtype, _):
            return .array(try pandasItems(values, dtype: dtype))
        }
    }

    /// `DataFrame.to_dict()`: column label → (index label → value). A
    /// repeated label keeps its first position and its last value, as a
    /// Python dict does; a label json cannot write as a key (a `Timestamp`
    /// of a `DatetimeIndex`, a `MultiIndex` tuple) is the failure that makes
    /// the reference return its failure record, or, under
    /// ``JSONKeyPolicy/text``, written as its `str()`.
    mutating func frameDictionary(_ frame: DataFrame) throws(Failure) -> JSONValue {
        guard !frame.columns.isEmpty else { return .object([]) }  // no column: no row is ever reached
        guard frame.index.count <= Self.maxExpandedLabels else { throw .tooManyLabels(frame.index.count) }
        let columnSlots = LabelSlots(frame.columns.map(\.name))
        // A label that cannot be a key fails when json reaches the first row of the first column.
        let rowSlots: LabelSlots
        var rowFailure: Failure?
        if case let .values(values, _, _) = frame.index, let kind = PandasCells.timeKind(values) {
            if keys == .text {
                rowSlots = LabelSlots((PandasCells.timeLabelTexts(values) ?? []).map(PythonValue.string))
            } else {
                rowSlots = LabelSlots([])
                if frame.index.count > 0 {
                    let first = PandasCells.isNotATime(values, at: 0) ? "NaTType" : kind
                    rowFailure = .unsupportedKey("keys must be str, int, float, bool or None, not \(first)")
                }
            }
        } else {
            rowSlots = LabelSlots(frame.index.referenceLabels())
        }
        var rowKeys: [String] = []
        rowKeys.reserveCapacity(rowSlots.labels.count)
        // A repeated column label keeps the last column with it (the earlier ones never reach json).
        var lastColumn = [Int](repeating: 0, count: columnSlots.labels.count)
        for (position, slot) in columnSlots.slots.enumerated() { lastColumn[slot] = position }
        var members: [JSONMember] = []
        members.reserveCapacity(lastColumn.count)
        for (label, position) in zip(columnSlots.labels, lastColumn) {
            let key = try keyText(label)
            if let rowFailure { throw rowFailure }
            if rowKeys.count < rowSlots.labels.count {
                for label in rowSlots.labels { rowKeys.append(try keyText(label)) }
            }
            let column = frame.columns[position]
            let cells = try PandasCells(column.values, dtype: column.dtype, boxingObjects: true).json(&self)
            var rows = [JSONValue](repeating: .null, count: rowKeys.count)
            for (row, slot) in rowSlots.slots.enumerated() where row < cells.count {
                rows[slot] = cells[row]
            }
            members.append(JSONMember(key, .object(zip(rowKeys, rows).map { JSONMember($0, $1) })))
        }
        return .object(members)
    }
}
