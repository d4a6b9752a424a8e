import CPythonShim

extension Figure {
    /// Renders a matplotlib figure to PNG and reads its size, dpi and axes.
    ///
    /// Line data is read as matplotlib keeps it from the plot call
    /// (`get_xdata()`, i.e. `orig=True`, as `get_xdata().tolist()` gives it),
    /// not the unit-converted floats it draws: numbers
    /// become ``PythonValue/int(_:)`` or ``PythonValue/float(_:)``, datetimes
    /// and category strings stay what they were, `datetime64` items keep their
    /// unit, masked items become ``PythonValue/none``.
    ///
    /// - Throws: ``PythonConversionError/python(_:path:)`` when matplotlib
    ///   raises while drawing (path `.png`) or describing the figure, and the
    ///   usual conversion errors for line data (path `.axes[i].lines[j].x[k]`).
    static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> Figure {
        try reader.container(object.pointer) { (reader) throws(PythonConversionError) in
            let png: [UInt8]
            do throws(PythonConversionError) { png = try renderPNG(object) } catch { throw error.nested(in: ".png") }
            var figure = try describe(object, &reader)
            figure.png = png
            return figure
        }
    }

    /// The figure drawn to PNG by Agg at its own size and dpi.
    static func renderPNG(_ object: BorrowedObject) throws(PythonConversionError) -> [UInt8] {
        let gil = object.gil
        let result = try MatplotlibHelpers.module.call("render", [object.owned()], gil)
        let bytes = result.borrow(gil)
        guard pyshim_is_bytes(bytes.pointer) != 0 else { throw bytes.mismatch(expected: "bytes from savefig") }
        // The bytes object owns the memory copied here.
        return withExtendedLifetime(result) {
            let count = PyBytes_Size(bytes.pointer)
            guard count > 0, let start = pyshim_bytes_data(bytes.pointer) else { return [] }
            return Array(UnsafeRawBufferPointer(start: start, count: count))
        }
    }

    /// Everything but the picture: size, dpi, axes and lines (`png` is empty).
    static func describe(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> Figure {
        let gil = object.gil
        let description = try MatplotlibHelpers.module.call("describe", [object.owned()], gil)
        let (width, height, dpi, axesList) = try description.borrow(gil).decodeTuple(
            Double.self, Double.self, Double.self, PythonObject.self)
        var axes: [FigureAxes] = []
        do throws(PythonConversionError) {
            try axesList.borrow(gil).forEachItem(expected: "list") { (_, item) throws(PythonConversionError) in
                axes.append(try FigureAxes.read(item, &reader))
            }
        } catch {
            throw error.nested(in: ".axes")
        }
        return Figure(png: [], widthInches: width, heightInches: height, dpi: dpi, axes: axes)
    }
}

extension FigureAxes {
    /// Reads one `(title, xlabel, ylabel, xlim, ylim, lines)` tuple from `describe`.
    fileprivate static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> FigureAxes {
        let gil = object.gil
        let (title, xLabel, yLabel, xLimits, yLimits, lineList) = try object.decodeTuple(
            String.self, String.self, String.self, PythonObject.self, PythonObject.self, PythonObject.self)
        var lines: [FigureLine] = []
        do throws(PythonConversionError) {
            try lineList.borrow(gil).forEachItem(expected: "list") { (_, item) throws(PythonConversionError) in
                let (label, x, y) = try item.decodeTuple(String.self, PythonObject.self, PythonObject.self)
                let xValues: [PythonValue], yValues: [PythonValue]
                do throws(PythonConversionError) { xValues = try values(x.borrow(gil), &reader) } catch { throw error.nested(in: ".x") }
                do throws(PythonConversionError) { yValues = try values(y.borrow(gil), &reader) } catch { throw error.nested(in: ".y") }
                lines.append(FigureLine(label: label, x: xValues, y: yValues))
            }
        } catch {
            throw error.nested(in: ".lines")
        }
        return FigureAxes(
            title: title, xLabel: xLabel, yLabel: yLabel,
            xLimits: try limits(xLimits.borrow(gil)), yLimits: try limits(yLimits.borrow(gil)), lines: lines)
    }

    /// Reads a `(lower, upper)` pair of floats.
    private static func limits(_ pair: BorrowedObject) throws(PythonConversionError) -> AxisLimits {
        let (lower, upper) = try pair.decodeTuple(Double.self, Double.self)
        return AxisLimits(lower: lower, upper: upper)
    }

    /// Converts every item of a Python list with the reader's rules.
    private static func values(_ list: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> [PythonValue] {
        var values: [PythonValue] = []
        try list.forEachItem(expected: "list") { (_, item) throws(PythonConversionError) in
            values.append(try reader.nested(item, at: ""))
        }
        return values
    }
}
