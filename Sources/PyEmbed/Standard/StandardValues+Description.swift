extension PythonDate: CustomStringConvertible {
    /// `YYYY-MM-DD`, as `date.isoformat()`.
    public var description: String {
        "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))"
    }

    /// `value` in decimal, zero-padded to `width` digits (the sign comes first).
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padding = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + padding + digits
    }
}

extension PythonTime: CustomStringConvertible {
    /// `HH:MM:SS[.ffffff][±HH:MM[:SS[.ffffff]]]`, as `time.isoformat()`.
    public var description: String {
        clock(nanosecond: 0) + (timeZone.map(\.offsetText) ?? "")
    }

    /// The wall-clock part; a nonzero `nanosecond` gives nine fraction digits, as pandas prints.
    func clock(nanosecond: Int) -> String {
        let text = "\(PythonDate.padded(hour, 2)):\(PythonDate.padded(minute, 2)):\(PythonDate.padded(second, 2))"
        if nanosecond != 0 { return text + "." + PythonDate.padded(microsecond, 6) + PythonDate.padded(nanosecond, 3) }
        return microsecond == 0 ? text : text + "." + PythonDate.padded(microsecond, 6)
    }
}

extension PythonDateTime: CustomStringConvertible {
    /// `YYYY-MM-DDTHH:MM:SS[.ffffff][±HH:MM]`, as `datetime.isoformat()`
    /// (and `pandas.Timestamp.isoformat()` when there are nanoseconds).
    public var description: String {
        "\(date)T\(time.clock(nanosecond: nanosecond))" + (time.timeZone.map(\.offsetText) ?? "")
    }
}

extension PythonTimeZone: CustomStringConvertible {
    /// The offset as `isoformat()` appends it, then the name: `+01:00 Europe/Zurich`.
    public var description: String {
        name.map { "\(offsetText) \($0)" } ?? offsetText
    }

    /// `±HH:MM`, with `:SS` and `.ffffff` only when needed, as Python formats offsets.
    var offsetText: String {
        guard utcOffsetSeconds.isFinite, utcOffsetSeconds.magnitude < 1e12 else { return "\(utcOffsetSeconds)" }
        let total = Int((utcOffsetSeconds.magnitude * 1e6).rounded())
        let (seconds, microseconds) = total.quotientAndRemainder(dividingBy: 1_000_000)
        var text = (utcOffsetSeconds < 0 && total != 0 ? "-" : "+")
            + PythonDate.padded(seconds / 3_600, 2) + ":" + PythonDate.padded(seconds / 60 % 60, 2)
        if seconds % 60 != 0 || microseconds != 0 { text += ":" + PythonDate.padded(seconds % 60, 2) }
        if microseconds != 0 { text += "." + PythonDate.padded(microseconds, 6) }
        return text
    }
}

extension PythonTimeDelta: CustomStringConvertible {
    /// `[D day[s], ]H:MM:SS[.ffffff]` after normalising, as `str(timedelta)`.
    public var description: String {
        let normal = normalized
        let clock = "\(normal.seconds / 3_600):\(PythonDate.padded(normal.seconds / 60 % 60, 2)):\(PythonDate.padded(normal.seconds % 60, 2))"
        let days = normal.days == 0 ? "" : "\(normal.days) day\(normal.days.magnitude == 1 ? "" : "s"), "
        return days + clock + (normal.microseconds == 0 ? "" : "." + PythonDate.padded(normal.microseconds, 6))
    }

    /// The same duration with `0 ≤ seconds < 86400` and `0 ≤ microseconds < 10⁶`,
    /// as Python stores it.
    public var normalized: PythonTimeDelta {
        let (carriedSeconds, microseconds) = PythonDateTime.floorDivide(self.microseconds, 1_000_000)
        let (extraDays, seconds) = PythonDateTime.floorDivide(self.seconds, 86_400)
        let (carriedDays, secondsWithCarry) = PythonDateTime.floorDivide(seconds + carriedSeconds, 86_400)
        // Saturates instead of trapping for day counts far beyond Python's ±999999999.
        let (total, overflow) = days.addingReportingOverflow(extraDays + carriedDays)
        let normalDays = overflow ? (days < 0 ? Int.min : Int.max) : total
        return PythonTimeDelta(days: normalDays, seconds: secondsWithCarry, microseconds: microseconds)
    }
}

extension PythonDecimal: CustomStringConvertible {
    /// ``text``, as `str(Decimal)`.
    public var description: String { text }
}
