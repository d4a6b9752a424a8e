/// A `datetime64`/`timedelta64` unit with its multiplier (`[10s]` is ten seconds).
struct NumpyTimeUnit {
    /// `Y`, `M`, `W`, `D`, `h`, `m`, `s`, `ms`, `us`, `ns`, `ps`, `fs`, `as` or `generic`.
    var base: String
    /// How many base units one tick is.
    var count: Int64

    init(base: String, count: Int64 = 1) {
        self.base = base
        self.count = count
    }

    /// The unit of an array's dtype: the multiplier is read from its name
    /// (`datetime64[10s]`), which the dtype's `unit` leaves out.
    init(dtype: NumpyDType) {
        base = dtype.unit ?? "generic"
        count = 1
        if let open = dtype.name.firstIndex(of: "["), let close = dtype.name.lastIndex(of: "]"), open < close {
            let inside = dtype.name[dtype.name.index(after: open)..<close]
            let digits = inside.prefix { $0.isASCII && $0.isNumber }
            if let multiplier = Int64(digits), multiplier > 0 { count = multiplier }
        }
    }

    /// Base units per day for units from hours to microseconds.
    var perDay: Int64? {
        switch base {
        case "h": return 24
        case "m": return 1_440
        case "s": return 86_400
        case "ms": return 86_400_000
        case "us": return 86_400_000_000
        default: return nil
        }
    }

    /// Microseconds per base unit for units from hours to microseconds.
    var microseconds: Int64? {
        switch base {
        case "h": return 3_600_000_000
        case "m": return 60_000_000
        case "s": return 1_000_000
        case "ms": return 1_000
        case "us": return 1
        default: return nil
        }
    }
}
