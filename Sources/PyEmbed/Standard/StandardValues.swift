/// A `datetime.date`.
public struct PythonDate: Sendable, Hashable {
    /// The year (1…9999).
    public var year: Int
    /// The month (1…12).
    public var month: Int
    /// The day of the month.
    public var day: Int

    /// Creates a date.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
}

/// A `datetime.time`, with its time zone when it has one.
public struct PythonTime: Sendable, Hashable {
    /// The hour (0…23).
    public var hour: Int
    /// The minute.
    public var minute: Int
    /// The second.
    public var second: Int
    /// The microsecond.
    public var microsecond: Int
    /// The time zone, `nil` for a naive time.
    public var timeZone: PythonTimeZone?

    /// Creates a time.
    public init(hour: Int, minute: Int, second: Int, microsecond: Int = 0, timeZone: PythonTimeZone? = nil) {
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
        self.timeZone = timeZone
    }
}

/// A `datetime.datetime` (and `pandas.Timestamp`), with its time zone when it has one.
public struct PythonDateTime: Sendable, Hashable {
    /// The calendar date.
    public var date: PythonDate
    /// The wall-clock time and zone.
    public var time: PythonTime
    /// Nanoseconds beyond the microsecond (only `pandas.Timestamp` has them).
    public var nanosecond: Int

    /// Creates a date and time.
    public init(date: PythonDate, time: PythonTime, nanosecond: Int = 0) {
        self.date = date
        self.time = time
        self.nanosecond = nanosecond
    }
}

/// The time zone of an aware `datetime` or `time`.
public struct PythonTimeZone: Sendable, Hashable {
    /// `utcoffset()` in seconds (may have a fraction).
    public var utcOffsetSeconds: Double
    /// The zone's key when it has one (`Europe/Zurich` for `zoneinfo`, `UTC`), else `tzname()`.
    public var name: String?

    /// Creates a zone description.
    public init(utcOffsetSeconds: Double, name: String?) {
        self.utcOffsetSeconds = utcOffsetSeconds
        self.name = name
    }
}

/// A `datetime.timedelta`, normalised as Python keeps it.
public struct PythonTimeDelta: Sendable, Hashable {
    /// Whole days (may be negative).
    public var days: Int
    /// Seconds (0…86399).
    public var seconds: Int
    /// Microseconds (0…999999).
    public var microseconds: Int

    /// Creates a duration.
    public init(days: Int, seconds: Int, microseconds: Int) {
        self.days = days
        self.seconds = seconds
        self.microseconds = microseconds
    }

    /// The duration in seconds, rounded as `total_seconds()` rounds it.
    public var totalSeconds: Double {
        let normal = normalized
        let (daySeconds, dayOverflow) = normal.days.multipliedReportingOverflow(by: 86_400)
        let (whole, secondsOverflow) = daySeconds.addingReportingOverflow(normal.seconds)
        guard !dayOverflow, !secondsOverflow, whole.magnitude < 1 << 53 else {
            return Double(normal.days) * 86_400 + Double(normal.seconds) + Double(normal.microseconds) / 1e6
        }
        // Below 2⁵³ µs one division rounds exactly like Python's; above, the
        // result's spacing is far coarser than the fraction's rounding error.
        let (micros, microOverflow) = whole.multipliedReportingOverflow(by: 1_000_000)
        if !microOverflow, micros.magnitude <= 1 << 53, (micros + normal.microseconds).magnitude <= 1 << 53 {
            return Double(micros + normal.microseconds) / 1e6
        }
        return Double(whole) + Double(normal.microseconds) / 1e6
    }
}

/// A `decimal.Decimal`, kept exactly as its text.
public struct PythonDecimal: Sendable, Hashable {
    /// `str(value)`: `1.10`, `-0`, `1E+3`, `NaN`, `Infinity`, `sNaN`.
    public var text: String

    /// Creates a decimal from its text.
    public init(_ text: String) {
        self.text = text
    }
}

/// A member of an `enum.Enum`.
public struct PythonEnumMember: Sendable, Hashable {
    /// The enum class's qualified name.
    public var typeName: String
    /// The module the enum class was defined in.
    public var module: String
    /// The member's name.
    public var name: String
    /// The member's value, converted.
    public var value: PythonValue
    /// `str(member)`.
    public var text: String
    /// The member as the `str`, `int` or `float` it also is (`StrEnum`,
    /// `IntEnum`, `class E(str, Enum)`), which JSON writes instead of the
    /// member; `nil` for a plain `Enum`.
    public var builtinValue: PythonValue?

    /// Creates a member description; `text` defaults to `Class.NAME`, as
    /// `str()` shows a plain `Enum` member.
    public init(typeName: String, module: String, name: String, value: PythonValue, text: String? = nil, builtinValue: PythonValue? = nil) {
        self.typeName = typeName
        self.module = module
        self.name = name
        self.value = value
        self.text = text ?? "\(typeName.split(separator: ".").last.map(String.init) ?? typeName).\(name)"
        self.builtinValue = builtinValue
    }

    /// Whether both describe the same member: class, module, name and value.
    /// ``text`` and ``builtinValue`` follow from those and are not compared.
    public static func == (lhs: PythonEnumMember, rhs: PythonEnumMember) -> Bool {
        lhs.typeName == rhs.typeName && lhs.module == rhs.module && lhs.name == rhs.name && lhs.value == rhs.value
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(typeName)
        hasher.combine(module)
        hasher.combine(name)
        hasher.combine(value)
    }
}

/// An object converted through its fields: a dataclass, or an object with a
/// callable `to_dict()`.
public struct PythonRecord: Sendable, Hashable {
    /// Where the fields came from.
    public enum Origin: Sendable, Hashable {
        /// `dataclasses.fields(object)`.
        case dataclass
        /// `object.to_dict()`.
        case toDict
        /// `object.tolist()` (`array.array`, `memoryview`, pandas arrays such as `Categorical`).
        case toList
        /// `object.item()`.
        case item
    }

    /// The class's qualified name.
    public var typeName: String
    /// The module the class was defined in.
    public var module: String
    /// Where the fields came from.
    public var origin: Origin
    /// The fields (or the `to_dict()` result's pairs), in order.
    public var fields: PythonValue
    /// `str(object)`, or a note saying why it could not be computed.
    public var text: String

    /// Creates a record; `text` defaults to `TypeName(fields)`.
    public init(typeName: String, module: String, origin: Origin, fields: PythonValue, text: String? = nil) {
        self.typeName = typeName
        self.module = module
        self.origin = origin
        self.fields = fields
        self.text = text ?? "\(typeName)(\(fields))"
    }

    /// Whether both have the same class, module, origin and fields. ``text``
    /// is not compared: for a class without `__str__` it holds an address.
    public static func == (lhs: PythonRecord, rhs: PythonRecord) -> Bool {
        lhs.typeName == rhs.typeName && lhs.module == rhs.module && lhs.origin == rhs.origin && lhs.fields == rhs.fields
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(typeName)
        hasher.combine(module)
        hasher.combine(origin)
        hasher.combine(fields)
    }
}
