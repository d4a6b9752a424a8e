extension WireSink {
    /// The columns (count, then each), then the index.
    mutating func dataFrame(_ frame: DataFrame) {
        sequence(frame.columns) { $0.column($1) }
        index(frame.index)
    }

    /// The column, then the index.
    mutating func series(_ series: Series) {
        column(series.column)
        index(series.index)
    }

    /// The dtype, then the values.
    mutating func pandasArray(_ array: PandasArray) {
        string(array.dtype)
        columnValues(array.values)
    }

    private mutating func column(_ column: DataColumn) {
        value(column.name)
        string(column.dtype)
        columnValues(column.values)
    }

    /// The index tag, then the case's fields.
    mutating func index(_ index: DataIndex) {
        byte(WireIndexTag(index).rawValue)
        switch index {
        case let .range(start, stop, step, name):
            int(start)
            int(stop)
            int(step)
            value(name)
        case let .values(values, dtype, name):
            columnValues(values)
            string(dtype)
            value(name)
        case let .multi(names, tuples):
            values(names)
            sequence(tuples) { $0.values($1) }
        }
    }

    /// The column tag, then arrays as arrays, texts and codes element by element.
    private mutating func columnValues(_ values: ColumnValues) {
        byte(WireColumnTag(values).rawValue)
        switch values {
        case let .array(array): self.array(array)
        case let .masked(array, missing):
            self.array(array)
            raw(missing)
        case let .strings(texts): optionalStrings(texts)
        case let .zonedDatetimes(array, timeZone):
            self.array(array)
            string(timeZone)
        case let .categorical(codes, categories, ordered):
            sequence(codes) { $0.optional($1) { $0.int($1) } }
            columnValues(categories)
            bool(ordered)
        case let .objects(objects): self.values(objects)
        }
    }
}

extension WireReader {
    /// A frame whose labels and cells sit at `depth`.
    mutating func dataFrame(depth: Int) throws(WireFormatError) -> DataFrame {
        let columns = try sequence(minimumBytes: 3) { (reader) throws(WireFormatError) in try reader.column(depth: depth) }
        return DataFrame(columns: columns, index: try index(depth: depth))
    }

    /// A series whose name, values and labels sit at `depth`.
    mutating func series(depth: Int) throws(WireFormatError) -> Series {
        let column = try column(depth: depth)
        return Series(column: column, index: try index(depth: depth))
    }

    /// A standalone array whose elements sit at `depth`.
    mutating func pandasArray(depth: Int) throws(WireFormatError) -> PandasArray {
        let dtype = try string()
        return PandasArray(dtype: dtype, values: try columnValues(depth: depth))
    }

    private mutating func column(depth: Int) throws(WireFormatError) -> DataColumn {
        let name = try value(depth: depth)
        let dtype = try string()
        return DataColumn(name: name, dtype: dtype, values: try columnValues(depth: depth))
    }

    /// An index whose labels sit at `depth`.
    mutating func index(depth: Int) throws(WireFormatError) -> DataIndex {
        switch try tag(WireIndexTag.self, "index") {
        case .range:
            let (start, stop, step) = (try int(), try int(), try int())
            return .range(start: start, stop: stop, step: step, name: try value(depth: depth))
        case .values:
            let values = try columnValues(depth: depth)
            let dtype = try string()
            return .values(values, dtype: dtype, name: try value(depth: depth))
        case .multi:
            let names = try values(depth: depth)
            let tuples = try sequence(minimumBytes: 8) { (reader) throws(WireFormatError) in try reader.values(depth: depth) }
            return .multi(names: names, tuples: tuples)
        }
    }

    /// Column values whose objects sit at `depth`; a categorical's categories
    /// count one level deeper, so categories of categories cannot nest without end.
    private mutating func columnValues(depth: Int) throws(WireFormatError) -> ColumnValues {
        let start = offset
        switch try tag(WireColumnTag.self, "column values") {
        case .array: return .array(try array(depth: depth, at: start))
        case .masked:
            let array = try array(depth: depth, at: start)
            return .masked(array, missing: try rawBools())
        case .strings: return .strings(try optionalStrings())
        case .zonedDatetimes:
            let array = try array(depth: depth, at: start)
            return .zonedDatetimes(array, timeZone: try string())
        case .categorical:
            let codes = try sequence(minimumBytes: 1) { (reader) throws(WireFormatError) in
                try reader.optional { (reader) throws(WireFormatError) in try reader.int() }
            }
            let categories = try columnValues(depth: try enter(depth, at: start))
            return .categorical(codes: codes, categories: categories, ordered: try bool())
        case .objects: return .objects(try values(depth: depth))
        }
    }
}

extension WireIndexTag {
    /// The tag of `index`'s case.
    init(_ index: DataIndex) {
        switch index {
        case .range: self = .range
        case .values: self = .values
        case .multi: self = .multi
        }
    }
}

extension WireColumnTag {
    /// The tag of `values`' case.
    init(_ values: ColumnValues) {
        switch values {
        case .array: self = .array
        case .masked: self = .masked
        case .strings: self = .strings
        case .zonedDatetimes: self = .zonedDatetimes
        case .categorical: self = .categorical
        case .objects: self = .objects
        }
    }
}
