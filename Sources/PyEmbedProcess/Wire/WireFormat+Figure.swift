extension WireSink {
    /// PNG bytes, size and dpi, then the axes.
    mutating func figure(_ figure: Figure) {
        blob(figure.png)
        double(figure.widthInches)
        double(figure.heightInches)
        double(figure.dpi)
        sequence(figure.axes) { $0.axes($1) }
    }

    private mutating func axes(_ axes: FigureAxes) {
        string(axes.title)
        string(axes.xLabel)
        string(axes.yLabel)
        for limit in [axes.xLimits.lower, axes.xLimits.upper, axes.yLimits.lower, axes.yLimits.upper] { double(limit) }
        sequence(axes.lines) { sink, line in
            sink.string(line.label)
            sink.values(line.x)
            sink.values(line.y)
        }
    }
}

extension WireReader {
    /// A figure whose line data sit at `depth`.
    mutating func figure(depth: Int) throws(WireFormatError) -> Figure {
        let png = try blob()
        let (width, height, dpi) = (try double(), try double(), try double())
        let axes = try sequence(minimumBytes: 64) { (reader) throws(WireFormatError) in try reader.axes(depth: depth) }
        return Figure(png: png, widthInches: width, heightInches: height, dpi: dpi, axes: axes)
    }

    private mutating func axes(depth: Int) throws(WireFormatError) -> FigureAxes {
        let (title, xLabel, yLabel) = (try string(), try string(), try string())
        let xLimits = AxisLimits(lower: try double(), upper: try double())
        let yLimits = AxisLimits(lower: try double(), upper: try double())
        let lines = try sequence(minimumBytes: 24) { (reader) throws(WireFormatError) in
            let label = try reader.string()
            let x = try reader.values(depth: depth)
            return FigureLine(label: label, x: x, y: try reader.values(depth: depth))
        }
        return FigureAxes(title: title, xLabel: xLabel, yLabel: yLabel, xLimits: xLimits, yLimits: yLimits, lines: lines)
    }
}
