extension Figure: CustomStringConvertible {
    /// A one-line summary: `Figure(6.4×4.8 in, 100 dpi, 1 axes, 12345-byte PNG)`.
    public var description: String {
        let size = "\(Self.compact(widthInches))×\(Self.compact(heightInches)) in"
        return "Figure(\(size), \(Self.compact(dpi)) dpi, \(axes.count) axes, \(png.count)-byte PNG)"
    }

    /// `6.4`, `100` (no `.0` for whole numbers).
    static func compact(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

extension FigureAxes: CustomStringConvertible {
    /// A one-line summary: `FigureAxes("Signal", x "time" 0…10, y "V" -1…1, 2 lines)`.
    public var description: String {
        let x = "x \(xLabel.debugDescription) \(xLimits)"
        let y = "y \(yLabel.debugDescription) \(yLimits)"
        return "FigureAxes(\(title.debugDescription), \(x), \(y), \(lines.count) line\(lines.count == 1 ? "" : "s"))"
    }
}

extension AxisLimits: CustomStringConvertible {
    /// `lower…upper`, e.g. `-0.5…10.5`.
    public var description: String {
        "\(Figure.compact(lower))…\(Figure.compact(upper))"
    }
}

extension FigureLine: CustomStringConvertible {
    /// A one-line summary: `FigureLine("sin", 100 points)`.
    public var description: String {
        let points = Swift.max(x.count, y.count)
        return "FigureLine(\(label.debugDescription), \(points) point\(points == 1 ? "" : "s"))"
    }
}
