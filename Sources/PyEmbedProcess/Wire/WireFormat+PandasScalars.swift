import PyEmbed

extension WireSink {
    /// The ordinal, the frequency, the text, the module.
    mutating func period(_ period: PandasPeriod) {
        int(Int(period.ordinal))
        string(period.frequency)
        string(period.text)
        string(period.module)
    }

    /// Both bounds, the closed side's byte, the text, the module.
    mutating func interval(_ interval: PandasInterval) {
        value(interval.left)
        value(interval.right)
        byte(WireIntervalTag(interval.closed).rawValue)
        string(interval.text)
        string(interval.module)
    }
}

extension WireReader {
    /// What ``WireSink/period(_:)`` wrote.
    mutating func period() throws(WireFormatError) -> PandasPeriod {
        let ordinal = try int()
        let (frequency, text, module) = (try string(), try string(), try string())
        return PandasPeriod(ordinal: Int64(ordinal), frequency: frequency, text: text, module: module)
    }

    /// What ``WireSink/interval(_:)`` wrote; its bounds sit at `depth`.
    mutating func interval(depth: Int) throws(WireFormatError) -> PandasInterval {
        let left = try value(depth: depth)
        let right = try value(depth: depth)
        let closed = try tag(WireIntervalTag.self, "interval side").closed
        let (text, module) = (try string(), try string())
        return PandasInterval(left: left, right: right, closed: closed, text: text, module: module)
    }
}

/// The byte naming a ``PandasInterval/Closed`` side.
enum WireIntervalTag: UInt8 {
    case left = 0, right, both, neither

    init(_ closed: PandasInterval.Closed) {
        switch closed {
        case .left: self = .left
        case .right: self = .right
        case .both: self = .both
        case .neither: self = .neither
        }
    }

    var closed: PandasInterval.Closed {
        switch self {
        case .left: return .left
        case .right: return .right
        case .both: return .both
        case .neither: return .neither
        }
    }
}
