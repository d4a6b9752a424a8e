import PyEmbed

extension ReferenceJSONPolicy {
    /// The reference's `_serialize_matplotlib_figure`: size, dpi, and per
    /// axes the title, labels, limits and line data (no picture).
    static func figure(_ figure: Figure, encoder: inout PythonValueJSONEncoder) throws(PythonValueJSONEncoder.Failure) -> JSONValue {
        try encoder.nested { (encoder) throws(PythonValueJSONEncoder.Failure) in
            var axes: [JSONValue] = []
            for axis in figure.axes {
                var lines: [JSONValue] = []
                for line in axis.lines {
                    lines.append(.object([
                        JSONMember("xdata", try encoder.array(line.x)),
                        JSONMember("ydata", try encoder.array(line.y)),
                        JSONMember("label", .string(line.label)),
                    ]))
                }
                axes.append(.object([
                    JSONMember("title", .string(axis.title)),
                    JSONMember("xlabel", .string(axis.xLabel)),
                    JSONMember("ylabel", .string(axis.yLabel)),
                    JSONMember("xlim", .array([.number(axis.xLimits.lower), .number(axis.xLimits.upper)])),
                    JSONMember("ylim", .array([.number(axis.yLimits.lower), .number(axis.yLimits.upper)])),
                    JSONMember("lines", .array(lines)),
                ]))
            }
            return .object([
                JSONMember("_type", .string("matplotlib_figure")),
                JSONMember("figure_size", .array([.number(figure.widthInches), .number(figure.heightInches)])),
                JSONMember("dpi", .number(figure.dpi)),
                JSONMember("axes", .array(axes)),
                JSONMember("_note", .string("Matplotlib figure serialized with basic plot data")),
            ])
        }
    }
}
