import Foundation

/// Turns numpy/pandas time ticks into the values pandas hands out one by one
/// (`Timestamp`, `Timedelta`), as ``PythonValue``s.
enum TimeTicks {
    /// The length of one tick of `unit` in seconds, as a whole number of
    /// seconds per tick or of ticks per second; `nil` for calendar units and
    /// units finer than a nanosecond.
    private static func scale(_ unit: String) -> (secondsPerTick: Int, ticksPerSecond: Int)? {
        switch unit {
        case "W": return (604_800, 1)
        case "D": return (86_400, 1)
        case "h": return (3_600, 1)
        case "m": return (60, 1)
        case "s": return (1, 1)
        case "ms": return (1, 1_000)
        case "us": return (1, 1_000_000)
        case "ns": return (1, 1_000_000_000)
        default: return nil
        }
    }

    /// Whole seconds (floored) and the nanoseconds after them, or `nil` when
    /// the unit has no fixed length or the value overflows.
    private static func split(_ ticks: Int64, unit: String) -> (seconds: Int, nanoseconds: Int)? {
        guard let (secondsPerTick, ticksPerSecond) = scale(unit) else { return nil }
        if ticksPerSecond == 1 {
            let (seconds, overflow) = Int(ticks).multipliedReportingOverflow(by: secondsPerTick)
            return overflow ? nil : (seconds, 0)
        }
        let (seconds, fraction) = floorDivide(Int(ticks), ticksPerSecond)
        return (seconds, fraction * (1_000_000_000 / ticksPerSecond))
    }

    /// Division rounding toward negative infinity, remainder in `0..<divisor`;
    /// never overflows for a positive divisor.
    private static func floorDivide(_ value: Int, _ divisor: Int) -> (quotient: Int, remainder: Int) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// A `datetime64` tick as pandas boxes it: a `Timestamp` (``PythonValue/datetime(_:)``)
    /// shown in `zone` (`nil`: naive), `.missing(.notATime)` for NaT, and
    /// ``PythonValue/numpyTime(_:)`` for units a `Timestamp` cannot hold.
    static func timestamp(_ ticks: Int64, unit: String, zone: Zone? = nil) -> PythonValue {
        if ticks == .min { return .missing(.notATime) }
        let unchanged = PythonValue.numpyTime(NumpyTime(kind: .datetime, ticks: ticks, unit: unit))
        if unit == "M" || unit == "Y" {
            let (months, overflow) = Int(ticks).multipliedReportingOverflow(by: unit == "Y" ? 12 : 1)
            guard !overflow else { return unchanged }
            let (years, month) = floorDivide(months, 12)
            let date = PythonDate(year: 1970 + years, month: month + 1, day: 1)
            return .datetime(PythonDateTime(date: date, time: PythonTime(hour: 0, minute: 0, second: 0, timeZone: zone?.pythonZone(at: 0))))
        }
        guard let (utcSeconds, nanoseconds) = split(ticks, unit: unit) else { return unchanged }
        let timeZone = zone?.pythonZone(at: utcSeconds)
        let (local, overflow) = utcSeconds.addingReportingOverflow(Int(timeZone?.utcOffsetSeconds ?? 0))
        guard !overflow else { return unchanged }
        let (days, second) = floorDivide(local, 86_400)
        let time = PythonTime(
            hour: second / 3_600, minute: second / 60 % 60, second: second % 60,
            microsecond: nanoseconds / 1_000, timeZone: timeZone)
        return .datetime(PythonDateTime(date: PythonDate(daysSinceEpoch: days), time: time, nanosecond: nanoseconds % 1_000))
    }

    /// A `timedelta64` tick as pandas boxes it: a `Timedelta`
    /// (``PythonValue/timedelta(_:)``, nanoseconds floored away as `Timedelta`'s
    /// `days`/`seconds`/`microseconds` do), `.missing(.notATime)` for NaT.
    static func timedelta(_ ticks: Int64, unit: String) -> PythonValue {
        if ticks == .min { return .missing(.notATime) }
        guard let (seconds, nanoseconds) = split(ticks, unit: unit) else {
            return .numpyTime(NumpyTime(kind: .timedelta, ticks: ticks, unit: unit))
        }
        let (days, second) = floorDivide(seconds, 86_400)
        return .timedelta(PythonTimeDelta(days: days, seconds: second, microseconds: nanoseconds / 1_000))
    }

    /// A ``ColumnValues/zonedDatetimes(_:timeZone:)`` zone name, resolved.
    struct Zone {
        private enum Rule {
            case fixed(seconds: Int)
            case named(TimeZone)
            case unknown
        }

        /// The name a `Timestamp` in this zone reports (`UTC`, `Europe/Zurich`, `UTC+01:00`).
        let name: String
        private let rule: Rule

        /// Resolves `UTC`, `±HH:MM[:SS]` and zone identifiers Foundation knows;
        /// other names keep offset zero.
        init(_ identifier: String) {
            if identifier == "UTC" {
                (name, rule) = ("UTC", .fixed(seconds: 0))
            } else if let seconds = Self.offset(identifier) {
                (name, rule) = (seconds == 0 ? "UTC" : "UTC" + identifier, .fixed(seconds: seconds))
            } else if let zone = TimeZone(identifier: identifier) {
                (name, rule) = (identifier, .named(zone))
            } else {
                (name, rule) = (identifier, .unknown)
            }
        }

        /// The zone as an aware value at `utcSeconds` carries it.
        func pythonZone(at utcSeconds: Int) -> PythonTimeZone {
            switch rule {
            case let .fixed(seconds): return PythonTimeZone(utcOffsetSeconds: Double(seconds), name: name)
            case let .named(zone):
                let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utcSeconds)))
                return PythonTimeZone(utcOffsetSeconds: Double(offset), name: name)
            case .unknown: return PythonTimeZone(utcOffsetSeconds: 0, name: name)
            }
        }

        /// `+01:00`, `-03:30`, `+05:45:30` in seconds.
        private static func offset(_ text: String) -> Int? {
            guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
            let parts = text.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(parts.count), parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
                  let numbers = Optional(parts.compactMap { Int($0) }), numbers.count == parts.count else { return nil }
            let seconds = numbers[0] * 3_600 + numbers[1] * 60 + (numbers.count == 3 ? numbers[2] : 0)
            return sign == "-" ? -seconds : seconds
        }
    }
}
