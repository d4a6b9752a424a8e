/// What numpy's `item()`/`tolist()` gives for a `datetime64` or
/// `timedelta64` element.
///
/// `datetime64`: NaT and generic units give `None`; units finer than
/// microseconds, and years outside 1…9999, give the raw tick count; days,
/// weeks, months and years give a `date`; hours to microseconds a
/// `datetime`. `timedelta64`: NaT gives `None`; generic, year, month and
/// sub-microsecond units, and more than 999999999 days, give the raw tick
/// count; the rest a `timedelta`.
enum NumpyTimeItem {
    static func datetime(_ ticks: Int64, _ unit: NumpyTimeUnit) -> PythonValue {
        guard ticks != .min, unit.base != "generic" else { return .none }
        let raw = PythonValue.int(PythonInteger(Int(ticks)))
        let (value, overflow) = ticks.multipliedReportingOverflow(by: unit.count)
        guard !overflow else { return raw }
        let date: PythonDate
        var time = PythonTime(hour: 0, minute: 0, second: 0)
        switch unit.base {
        case "Y":
            guard value.magnitude < 100_000 else { return raw }
            date = PythonDate(year: 1_970 + Int(value), month: 1, day: 1)
        case "M":
            guard value.magnitude < 1_200_000 else { return raw }
            let (years, month) = PythonDateTime.floorDivide(Int(value), 12)
            date = PythonDate(year: 1_970 + years, month: month + 1, day: 1)
        case "W", "D":
            let (days, overflow) = value.multipliedReportingOverflow(by: unit.base == "W" ? 7 : 1)
            guard !overflow, days.magnitude < 10_000_000 else { return raw }
            date = PythonDate(daysSinceEpoch: Int(days))
        default:
            guard let perDay = unit.perDay, let microseconds = unit.microseconds else { return raw }
            let (days, rest) = PythonDateTime.floorDivide(Int(value), Int(perDay))
            guard days.magnitude < 10_000_000 else { return raw }
            date = PythonDate(daysSinceEpoch: days)
            let micros = rest * Int(microseconds)
            let seconds = micros / 1_000_000
            time = PythonTime(hour: seconds / 3_600, minute: seconds / 60 % 60, second: seconds % 60, microsecond: micros % 1_000_000)
        }
        guard (1...9_999).contains(date.year) else { return raw }
        if unit.perDay == nil { return .date(date) }
        return .datetime(PythonDateTime(date: date, time: time))
    }

    static func timedelta(_ ticks: Int64, _ unit: NumpyTimeUnit) -> PythonValue {
        guard ticks != .min else { return .none }
        let raw = PythonValue.int(PythonInteger(Int(ticks)))
        let (value, overflow) = ticks.multipliedReportingOverflow(by: unit.count)
        guard !overflow else { return raw }
        let delta: PythonTimeDelta
        switch unit.base {
        case "W", "D":
            let (days, overflow) = value.multipliedReportingOverflow(by: unit.base == "W" ? 7 : 1)
            guard !overflow else { return raw }
            delta = PythonTimeDelta(days: Int(days), seconds: 0, microseconds: 0)
        default:
            guard let perDay = unit.perDay, let microseconds = unit.microseconds else { return raw }
            let (days, rest) = PythonDateTime.floorDivide(Int(value), Int(perDay))
            let micros = rest * Int(microseconds)
            delta = PythonTimeDelta(days: days, seconds: micros / 1_000_000, microseconds: micros % 1_000_000)
        }
        guard delta.days.magnitude <= 999_999_999 else { return raw }
        return .timedelta(delta)
    }
}

extension NumpyTime {
    /// What numpy's `item()` gives for this scalar: a `datetime`, `date` or
    /// `timedelta` where one can hold it, else the raw tick count; `None` for NaT.
    public func item() -> PythonValue {
        guard let ticks else { return .none }
        let unit = NumpyTimeUnit(base: self.unit)
        return kind == .datetime ? NumpyTimeItem.datetime(ticks, unit) : NumpyTimeItem.timedelta(ticks, unit)
    }
}
