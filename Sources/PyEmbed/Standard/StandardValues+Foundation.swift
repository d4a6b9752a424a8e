import Foundation

extension PythonDateTime {
    /// The instant this aware value names, or `nil` for a naive one (which has
    /// no zone to place it in time) or one whose parts are outside Python's ranges.
    ///
    /// Nanoseconds are kept as far as `Date`'s `Double` allows (about 0.1 µs today).
    public var foundationDate: Date? {
        guard let zone = time.timeZone, isInPythonRange, zone.utcOffsetSeconds.magnitude < 86_400 else { return nil }
        let days = PythonDate.daysSinceEpoch(year: date.year, month: date.month, day: date.day)
        let wholeSeconds = (days - Self.referenceDays) * 86_400 + time.hour * 3_600 + time.minute * 60 + time.second
        let fraction = Double(time.microsecond) / 1e6 + Double(nanosecond) / 1e9
        return Date(timeIntervalSinceReferenceDate: Double(wholeSeconds) - zone.utcOffsetSeconds + fraction)
    }

    /// The wall-clock time of `date` in `timeZone`, to the microsecond.
    ///
    /// The zone keeps `timeZone`'s identifier as its name, except Foundation's
    /// `GMT`, which becomes `UTC`, and fixed offsets (`GMT+0530`), which get no
    /// name. Instants more than 10¹⁵ s from 2001 (and NaN) are clamped; Python
    /// could not hold them anyway (years 1…9999).
    public init(_ date: Date, timeZone: TimeZone) {
        let offset = timeZone.secondsFromGMT(for: date)
        var interval = date.timeIntervalSinceReferenceDate + Double(offset)
        interval = interval.isNaN ? 0 : min(max(interval, -1e15), 1e15)
        let whole = interval.rounded(.down)
        var seconds = Int(whole)
        var microseconds = Int(((interval - whole) * 1e6).rounded())
        if microseconds == 1_000_000 {
            seconds += 1
            microseconds = 0
        }
        let (days, secondOfDay) = Self.floorDivide(seconds, 86_400)
        let day = PythonDate(daysSinceEpoch: days + Self.referenceDays)
        let identifier = timeZone.identifier
        let name: String? = switch identifier {
        case "GMT": "UTC"
        case _ where identifier.hasPrefix("GMT+") || identifier.hasPrefix("GMT-"): nil
        default: identifier
        }
        self.init(
            date: day,
            time: PythonTime(
                hour: secondOfDay / 3_600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60,
                microsecond: microseconds, timeZone: PythonTimeZone(utcOffsetSeconds: Double(offset), name: name)))
    }

    /// Whether every part is within what Python's `datetime` accepts (the day
    /// is only checked against 31).
    private var isInPythonRange: Bool {
        (1...9_999).contains(date.year) && (1...12).contains(date.month) && (1...31).contains(date.day)
            && (0..<24).contains(time.hour) && (0..<60).contains(time.minute) && (0..<60).contains(time.second)
            && (0..<1_000_000).contains(time.microsecond) && (0..<1_000).contains(nanosecond)
    }

    /// Days from 1970-01-01 to 2001-01-01, Foundation's reference date.
    private static let referenceDays = 11_323

    /// Division rounding toward negative infinity, with a remainder in `0..<divisor`.
    static func floorDivide(_ value: Int, _ divisor: Int) -> (quotient: Int, remainder: Int) {
        let remainder = (value % divisor + divisor) % divisor
        return ((value - remainder) / divisor, remainder)
    }
}

extension PythonDate {
    /// Days from 1970-01-01 in the proleptic Gregorian calendar (Python's).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01.
    init(daysSinceEpoch days: Int) {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }
}

extension PythonTimeDelta {
    /// The duration in seconds, as Foundation measures intervals.
    public var timeInterval: TimeInterval { totalSeconds }
}

extension PythonDecimal {
    /// The same number as a Foundation `Decimal`, or `nil` when it cannot be
    /// held exactly: infinities, signalling NaN, more digits than `Decimal`'s
    /// 128-bit mantissa, exponents beyond its range. Quiet NaN becomes
    /// `Decimal.nan`; `-0` becomes `0` (Foundation has no negative zero).
    public var decimal: Decimal? {
        guard let parsed = DecimalText(text) else { return nil }
        switch parsed {
        case .nan: return .nan
        case .signallingNaN, .infinity: return nil
        case .finite:
            guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
                  !value.isNaN, DecimalText(value.description) == parsed else { return nil }
            return value
        }
    }
}

/// A decimal number's text taken apart, equal for equal values (`1.10` and `1.1`).
private enum DecimalText: Equatable {
    case nan, signallingNaN, infinity
    /// `±digits × 10^exponent`, digits without leading or trailing zeros; zero is `+`, no digits.
    case finite(negative: Bool, digits: Substring, exponent: Int)

    init?(_ text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        let negative = rest.first == "-"
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        switch rest.lowercased() {
        case "inf", "infinity": self = .infinity; return
        case _ where rest.lowercased().hasPrefix("snan"): self = .signallingNaN; return
        case _ where rest.lowercased().hasPrefix("nan"): self = .nan; return
        default: break
        }
        var exponent = 0
        if let marker = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            // Far beyond any Foundation `Decimal`; the bound keeps the arithmetic below from overflowing.
            guard let value = Int(rest[rest.index(after: marker)...]), (-1_000_000_000...1_000_000_000).contains(value) else {
                return nil
            }
            exponent = value
            rest = rest[..<marker]
        }
        var digits = rest
        if let point = rest.firstIndex(of: ".") {
            let fraction = rest[rest.index(after: point)...]
            exponent -= fraction.count
            digits = rest[..<point] + fraction
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        digits = digits.drop { $0 == "0" }
        while digits.last == "0" {
            digits = digits.dropLast()
            exponent += 1
        }
        self = digits.isEmpty ? .finite(negative: false, digits: "", exponent: 0) : .finite(negative: negative, digits: digits, exponent: exponent)
    }
}
