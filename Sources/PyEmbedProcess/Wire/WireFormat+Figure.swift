extension WireSink {
    /// PNG bytes, size and dpi, then the axes.
    mutating func figure(_ figure: Figure) {
        blob(figure.png)
        double(figure.widthInches)
        double(figure.heightInches)
        double(figure.dpi)
        count(figure.axes.count)
        for axes in figure.axes { self.axes(axes) }
    }

    private mutating func axes(_ axes: FigureAxes) {
        string(axes.title)
        string(axes.xLabel)
        string(axes.yLabel)
        for limit in [axes.xLimits.lower, axes.xLimits.upper, axes.yLimits.lower, axes.yLimits.upper] { double(limit) }
        count(axes.lines.count)
        for line in axes.lines {
            string(line.label)
            values(line.x)
            values(line.y)
        }
    }
}

extension WireReader {
    /// A figure whose line data sit at `depth`.
    mutating func figure(depth: Int) throws(WireFormatError) -> Figure {
        let png = try blob()
        let (width, height, dpi) = (try double(), try double(), try double())
        let count = try count(minimumBytes: 64)
        var axes: [FigureAxes] = []
        axes.reserveCapacity(count)
        for _ in 0..<count { axes.append(try self.axes(depth: depth)) }
        return Figure(png: png, widthInches: width, heightInches: height, dpi: dpi, axes: axes)
    }

    private mutating func axes(depth: Int) throws(WireFormatError) -> FigureAxes {
        let (title, xLabel, yLabel) = (try string(), try string(), try string())
        let xLimits = AxisLimits(lower: try double(), upper: try double())
        let yLimits = AxisLimits(lower: try double(), upper: try double())
        let count = try count(minimumBytes: 24)
        var lines: [FigureLine] = []
        lines.reserveCapacity(count)
        for _ in 0..<count {
            let label = try string()
            let x = try values(depth: depth)
            lines.append(FigureLine(label: label, x: x, y: try values(depth: depth)))
        }
        return FigureAxes(title: title, xLabel: xLabel, yLabel: yLabel, xLimits: xLimits, yLimits: yLimits, lines: lines)
    }
}
