extension PythonDateTime: ConvertibleToPython {
    /// A `datetime.datetime`, or a `pandas.Timestamp` when ``nanosecond`` is not zero.
    ///
    /// An aware value gets a `zoneinfo.ZoneInfo` when its zone's name is a
    /// zoneinfo key that has the same UTC offset at that moment (the offset
    /// picks `fold` for repeated wall-clock times), `datetime.timezone.utc` for
    /// `UTC`, and a fixed-offset `datetime.timezone` otherwise.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try StandardHelpers.module.call("make_datetime", [
            date.year, date.month, date.day, time.hour, time.minute, time.second, time.microsecond, nanosecond,
            time.timeZone.map(ZoneArgument.init),
        ], gil)
    }
}

extension PythonDate: ConvertibleToPython {
    /// A `datetime.date`.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try StandardHelpers.module.call("make_date", [year, month, day], gil)
    }
}

extension PythonTime: ConvertibleToPython {
    /// A `datetime.time`; an aware time gets a fixed-offset `datetime.timezone`
    /// (named after the zone unless that is the default name), because a
    /// `ZoneInfo` gives a bare time no offset.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try StandardHelpers.module.call("make_time", [hour, minute, second, microsecond, timeZone.map(ZoneArgument.init)], gil)
    }
}

extension PythonTimeDelta: ConvertibleToPython {
    /// A `datetime.timedelta` (Python normalises the parts).
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try StandardHelpers.module.call("make_timedelta", [days, seconds, microseconds], gil)
    }
}

extension PythonDecimal: ConvertibleToPython {
    /// A `decimal.Decimal` built exactly from ``text`` (no context rounding).
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try StandardHelpers.module.call("make_decimal", [text], gil)
    }
}

extension PythonEnumMember: ConvertibleToPython {
    /// The enum member itself: the class is found by importing ``module`` and
    /// following ``typeName``, then the member by ``name`` (composite `Flag`
    /// values by ``value``).
    ///
    /// Classes defined in run code (module `__main__`) or inside functions
    /// cannot be found this way and give a `LookupError` naming the class.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        let converted: PythonObject
        do throws(PythonConversionError) { converted = try value.pythonObject(gil) } catch { throw error.nested(in: ".value") }
        return try StandardHelpers.module.call("make_enum", [module, typeName, name, converted], gil)
    }
}

extension PythonRecord: ConvertibleToPython {
    /// A `dict` of the fields.
    ///
    /// The original class is not rebuilt: a dataclass's constructor may not
    /// take its fields (`init=False`, `InitVar`), and a `to_dict()` result has
    /// no general way back. Call the class yourself with the dict if it does.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try fields.pythonObject(gil)
    }
}

extension StandardValues {
    /// A `pathlib.Path`.
    static func path(_ path: String, _ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try StandardHelpers.module.call("make_path", [path], gil)
    }
}

/// A zone passed to the helpers as `(offset seconds, name or None)`.
private struct ZoneArgument: ConvertibleToPython {
    let zone: PythonTimeZone

    init(_ zone: PythonTimeZone) {
        self.zone = zone
    }

    func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try PythonValue.tuple([.float(zone.utcOffsetSeconds), zone.name.map(PythonValue.string) ?? .none]).pythonObject(gil)
    }
}
