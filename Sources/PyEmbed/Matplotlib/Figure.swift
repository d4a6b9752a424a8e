/// A matplotlib figure: the picture, rendered in-process, and what it shows.
public struct Figure: Sendable, Hashable {
    /// The figure rendered to PNG with the Agg backend at its own size and dpi.
    public var png: [UInt8]
    /// Width in inches (`get_size_inches()[0]`).
    public var widthInches: Double
    /// Height in inches (`get_size_inches()[1]`).
    public var heightInches: Double
    /// Dots per inch (`get_dpi()`).
    public var dpi: Double
    /// The axes, in the order `get_axes()` lists them.
    public var axes: [FigureAxes]

    /// Creates a figure description.
    public init(png: [UInt8], widthInches: Double, heightInches: Double, dpi: Double, axes: [FigureAxes]) {
        self.png = png
        self.widthInches = widthInches
        self.heightInches = heightInches
        self.dpi = dpi
        self.axes = axes
    }
}

/// One set of axes in a ``Figure``.
public struct FigureAxes: Sendable, Hashable {
    /// `get_title()`.
    public var title: String
    /// `get_xlabel()`.
    public var xLabel: String
    /// `get_ylabel()`.
    public var yLabel: String
    /// `get_xlim()`: (left, right).
    public var xLimits: AxisLimits
    /// `get_ylim()`: (bottom, top).
    public var yLimits: AxisLimits
    /// The plotted lines (`get_lines()`).
    public var lines: [FigureLine]

    /// Creates an axes description.
    public init(title: String, xLabel: String, yLabel: String, xLimits: AxisLimits, yLimits: AxisLimits, lines: [FigureLine]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xLimits = xLimits
        self.yLimits = yLimits
        self.lines = lines
    }
}

/// The two ends of an axis.
public struct AxisLimits: Sendable, Hashable {
    /// Left or bottom.
    public var lower: Double
    /// Right or top.
    public var upper: Double

    /// Creates limits.
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// One line of a plot: its label and data as given to matplotlib.
public struct FigureLine: Sendable, Hashable {
    /// `get_label()` (matplotlib names unlabelled lines `_child0`, …).
    public var label: String
    /// `get_xdata()`, converted.
    public var x: [PythonValue]
    /// `get_ydata()`, converted.
    public var y: [PythonValue]

    /// Creates a line description.
    public init(label: String, x: [PythonValue], y: [PythonValue]) {
        self.label = label
        self.x = x
        self.y = y
    }
}
