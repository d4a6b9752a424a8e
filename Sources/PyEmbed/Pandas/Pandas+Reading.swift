import CPythonShim

extension DataFrame: ConvertibleFromPython {
    /// Reads a pandas `DataFrame`; anything else is a type mismatch.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        self = try object.read(as: .dataFrame, expected: "pandas.DataFrame", DataFrame.read)
    }

    /// Reads a pandas `DataFrame` column by column, by position (duplicate
    /// labels stay separate columns).
    ///
    /// Column labels, index labels and object cells convert through `reader`,
    /// so a frame inside one of its own cells is a cycle error.
    /// - Complexity: O(*rows* × *columns*); numeric columns are one `memcpy` each.
    static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> DataFrame {
        let gil = object.gil
        return try reader.container(object.pointer) { (reader) throws(PythonConversionError) in
            let parts = try PandasHelpers.module.call("frame_parts", [object.owned()], gil)
            let (labelList, columnList, indexParts) = try parts.borrow(gil).decodeTuple(
                PythonObject.self, PythonObject.self, PythonObject.self)
            var labels: [PythonValue] = []
            do throws(PythonConversionError) {
                try labelList.borrow(gil).forEachItem(expected: "list") { (_, label) throws(PythonConversionError) in
                    labels.append(try reader.nested(label, at: ""))
                }
            } catch {
                throw error.nested(in: ".columns")
            }
            var columns: [DataColumn] = []
            columns.reserveCapacity(labels.count)
            try columnList.borrow(gil).forEachHeldItem(expected: "list") { (position, described) throws(PythonConversionError) in
                guard position < labels.count else { throw .wrongCount(expected: labels.count, actual: position + 1, path: "") }
                do throws(PythonConversionError) {
                    let (dtype, valueParts) = try described.decodeTuple(String.self, PythonObject.self)
                    let values = try ColumnValues.read(parts: valueParts.borrow(gil), &reader)
                    columns.append(DataColumn(name: labels[position], dtype: dtype, values: values))
                } catch {
                    throw error.nested(in: ".iloc[:, \(position)]")
                }
            }
            let index: DataIndex
            do throws(PythonConversionError) { index = try DataIndex.read(parts: indexParts.borrow(gil), &reader) } catch { throw error.nested(in: ".index") }
            return DataFrame(columns: columns, index: index)
        }
    }
}

extension Series: ConvertibleFromPython {
    /// Reads a pandas `Series`; anything else is a type mismatch.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        self = try object.read(as: .series, expected: "pandas.Series", Series.read)
    }

    /// Reads a pandas `Series`: its name, dtype, values and index.
    static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> Series {
        let gil = object.gil
        return try reader.container(object.pointer) { (reader) throws(PythonConversionError) in
            let parts = try PandasHelpers.module.call("series_parts", [object.owned()], gil)
            let (name, dtype, valueParts, indexParts) = try parts.borrow(gil).decodeTuple(
                PythonObject.self, String.self, PythonObject.self, PythonObject.self)
            let label: PythonValue
            do throws(PythonConversionError) { label = try reader.nested(name.borrow(gil), at: "") } catch { throw error.nested(in: ".name") }
            let values = try ColumnValues.read(parts: valueParts.borrow(gil), &reader)
            let index: DataIndex
            do throws(PythonConversionError) { index = try DataIndex.read(parts: indexParts.borrow(gil), &reader) } catch { throw error.nested(in: ".index") }
            return Series(column: DataColumn(name: label, dtype: dtype, values: values), index: index)
        }
    }
}

extension DataIndex: ConvertibleFromPython {
    /// Reads a pandas `Index` (any kind); anything else is a type mismatch.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        self = try object.read(as: .index, expected: "pandas.Index") { (object, reader) throws(PythonConversionError) in try DataIndex.read(object, &reader) }
    }

    /// Reads a pandas `Index`: a `RangeIndex` as its bounds, a `MultiIndex` as
    /// tuples, any other index as typed values.
    static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> DataIndex {
        let gil = object.gil
        return try reader.container(object.pointer) { (reader) throws(PythonConversionError) in
            let parts = try PandasHelpers.module.call("index_parts", [object.owned()], gil)
            return try read(parts: parts.borrow(gil), &reader)
        }
    }

    /// Reads `PandasHelpers.index_parts`' answer.
    static func read(parts: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> DataIndex {
        let gil = parts.gil
        let (kind, first, second, third, fourth) = try parts.decodeTuple(
            String.self, PythonObject.self, PythonObject.self, PythonObject.self, PythonObject.self)
        switch kind {
        case "range":
            let (start, stop, step) = (try first.decode(Int.self, gil), try second.decode(Int.self, gil), try third.decode(Int.self, gil))
            return .range(start: start, stop: stop, step: step, name: try name(fourth.borrow(gil), &reader))
        case "multi":
            var names: [PythonValue] = []
            do throws(PythonConversionError) {
                try first.borrow(gil).forEachItem(expected: "list") { (_, name) throws(PythonConversionError) in
                    names.append(try reader.nested(name, at: ""))
                }
            } catch {
                throw error.nested(in: ".names")
            }
            var tuples: [[PythonValue]] = []
            try second.borrow(gil).forEachItem(expected: "list") { (_, tuple) throws(PythonConversionError) in
                var labels: [PythonValue] = []
                labels.reserveCapacity(names.count)
                try tuple.forEachItem(expected: "tuple") { (_, label) throws(PythonConversionError) in
                    labels.append(try reader.nested(label, at: ""))
                }
                tuples.append(labels)
            }
            return .multi(names: names, tuples: tuples)
        case "values":
            let dtype = try first.decode(String.self, gil)
            let label = try name(second.borrow(gil), &reader)
            return .values(try ColumnValues.read(parts: third.borrow(gil), &reader), dtype: dtype, name: label)
        default:
            throw .typeMismatch(expected: "a known kind of pandas index", actual: kind, path: "")
        }
    }

    private static func name(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> PythonValue {
        do throws(PythonConversionError) { return try reader.nested(object, at: "") } catch { throw error.nested(in: ".name") }
    }
}
