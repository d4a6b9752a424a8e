extension PythonValueJSONEncoder {
    /// `Series.tolist()`: each value as pandas hands it out, encoded.
    public mutating func list(of series: Series) throws(Failure) -> JSONValue {
        try nested { (encoder) throws(Failure) in .array(try encoder.pandasItems(series.column.values, dtype: series.column.dtype)) }
    }

    /// A pandas extension array's `tolist()`, encoded.
    public mutating func list(of array: PandasArray) throws(Failure) -> JSONValue {
        try nested { (encoder) throws(Failure) in .array(try encoder.pandasItems(array.values, dtype: array.dtype)) }
    }

    /// `Index.tolist()`: a `RangeIndex`'s ints, a `MultiIndex`'s tuples, other labels as pandas boxes them.
    public mutating func list(of index: DataIndex) throws(Failure) -> JSONValue {
        try nested { (encoder) throws(Failure) in
            switch index {
            case .range, .multi:
                guard index.count <= Self.maxExpandedLabels else { throw .tooManyLabels(index.count) }
                var items: [JSONValue] = []
                for label in index.pythonLabels() { items.append(try encoder.encode(label)) }
                return .array(items)
            case let .values(values, dtype, _):
                return .array(try encoder.pandasItems(values, dtype: dtype))
            }
        }
    }

    /// Each value as pandas hands it out in `tolist()`, encoded.
    mutating func pandasItems(_ values: ColumnValues, dtype: String) throws(Failure) -> [JSONValue] {
        try PandasCells(values, dtype: dtype, boxingObjects: false).json(&self)
    }

    /// `DataFrame.to_dict()`: column label → (index label → value), keys as
    /// ``key(_:)`` writes them. A repeated label keeps its first position and
    /// its last value, as a Python dict does. The labels of a
    /// `DatetimeIndex` or `TimedeltaIndex` reach the policy's
    /// ``PythonValueJSONPolicy/key(for:)`` as pandas objects (see there).
    public mutating func dictionary(of frame: DataFrame) throws(Failure) -> JSONValue {
        try nested { (encoder) throws(Failure) in try encoder.frameDictionary(frame) }
    }

    private mutating func frameDictionary(_ frame: DataFrame) throws(Failure) -> JSONValue {
        guard !frame.columns.isEmpty else { return .object([]) }  // no column: no row is ever reached
        guard frame.index.count <= Self.maxExpandedLabels else { throw .tooManyLabels(frame.index.count) }
        let columnSlots = LabelSlots(frame.columns.map(\.name))
        let rowSlots: LabelSlots
        let rowLabels: [PythonValue]
        if case let .values(values, _, _) = frame.index, let kind = PandasCells.timeKind(values) {
            // Equal Timestamps are one key, as in the dict to_dict() builds.
            rowSlots = LabelSlots((PandasCells.timeLabelTexts(values) ?? []).map(PythonValue.string))
            rowLabels = rowSlots.labels.map { label in
                let text = PythonRepr.str(label)
                let typeName = text == "NaT" ? "NaTType" : kind
                return .object(PythonOpaqueObject(typeName: typeName, module: "pandas", repr: text == "NaT" ? text : "\(kind)('\(text)')", text: text))
            }
        } else {
            rowSlots = LabelSlots(frame.index.pythonLabels())
            rowLabels = rowSlots.labels
        }
        var rowKeys: [String] = []
        rowKeys.reserveCapacity(rowLabels.count)
        // A repeated column label keeps the last column with it (the earlier ones never reach json).
        var lastColumn = [Int](repeating: 0, count: columnSlots.labels.count)
        for (position, slot) in columnSlots.slots.enumerated() { lastColumn[slot] = position }
        var members: [JSONMember] = []
        members.reserveCapacity(lastColumn.count)
        for (label, position) in zip(columnSlots.labels, lastColumn) {
            // As json meets them: the column's key, then (once) the row keys.
            let key = try self.key(label)
            if rowKeys.count < rowLabels.count {
                for label in rowLabels { rowKeys.append(try self.key(label)) }
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
