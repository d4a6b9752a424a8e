extension WireSink {
    /// Year, month, day.
    mutating func date(_ date: PythonDate) {
        int(date.year)
        int(date.month)
        int(date.day)
    }

    /// Hour, minute, second, microsecond, then the zone if there is one.
    mutating func time(_ time: PythonTime) {
        int(time.hour)
        int(time.minute)
        int(time.second)
        int(time.microsecond)
        optional(time.timeZone) { sink, zone in
            sink.double(zone.utcOffsetSeconds)
            sink.optional(zone.name) { $0.string($1) }
        }
    }

    /// Date, time, then nanoseconds.
    mutating func datetime(_ datetime: PythonDateTime) {
        date(datetime.date)
        time(datetime.time)
        int(datetime.nanosecond)
    }

    /// Days, seconds, microseconds.
    mutating func timedelta(_ delta: PythonTimeDelta) {
        int(delta.days)
        int(delta.seconds)
        int(delta.microseconds)
    }

    /// Class, module, name, value, text, then the builtin value if there is one.
    mutating func enumMember(_ member: PythonEnumMember) {
        string(member.typeName)
        string(member.module)
        string(member.name)
        value(member.value)
        string(member.text)
        optional(member.builtinValue) { $0.value($1) }
    }

    /// Class, module, origin, fields, text.
    mutating func record(_ record: PythonRecord) {
        string(record.typeName)
        string(record.module)
        byte(WireRecordOriginTag(record.origin).rawValue)
        value(record.fields)
        string(record.text)
    }

    /// Type name, module, repr, text.
    mutating func opaque(_ object: PythonOpaqueObject) {
        string(object.typeName)
        string(object.module)
        string(object.repr)
        string(object.text)
    }
}

extension WireReader {
    /// A `datetime.date`.
    mutating func date() throws(WireFormatError) -> PythonDate {
        let (year, month, day) = (try int(), try int(), try int())
        return PythonDate(year: year, month: month, day: day)
    }

    /// A `datetime.time`.
    mutating func time() throws(WireFormatError) -> PythonTime {
        let (hour, minute, second, microsecond) = (try int(), try int(), try int(), try int())
        let zone = try optional { (reader) throws(WireFormatError) in
            let offset = try reader.double()
            return PythonTimeZone(utcOffsetSeconds: offset, name: try reader.optional { (reader) throws(WireFormatError) in try reader.string() })
        }
        return PythonTime(hour: hour, minute: minute, second: second, microsecond: microsecond, timeZone: zone)
    }

    /// A `datetime.datetime`.
    mutating func datetime() throws(WireFormatError) -> PythonDateTime {
        let date = try date()
        let time = try time()
        return PythonDateTime(date: date, time: time, nanosecond: try int())
    }

    /// A `datetime.timedelta`.
    mutating func timedelta() throws(WireFormatError) -> PythonTimeDelta {
        let (days, seconds, microseconds) = (try int(), try int(), try int())
        return PythonTimeDelta(days: days, seconds: seconds, microseconds: microseconds)
    }

    /// An enum member whose value sits at `depth`.
    mutating func enumMember(depth: Int) throws(WireFormatError) -> PythonEnumMember {
        let (typeName, module, name) = (try string(), try string(), try string())
        let value = try value(depth: depth)
        let text = try string()
        let builtin = try optional { (reader) throws(WireFormatError) in try reader.value(depth: depth) }
        return PythonEnumMember(typeName: typeName, module: module, name: name, value: value, text: text, builtinValue: builtin)
    }

    /// A record whose fields sit at `depth`.
    ///
    /// A fields dict is read without counting a level of its own: PyEmbed
    /// builds a dataclass's fields inside the record's level, so counting it
    /// would refuse records PyEmbed produced within its limit.
    mutating func record(depth: Int) throws(WireFormatError) -> PythonRecord {
        let (typeName, module) = (try string(), try string())
        let origin = try tag(WireRecordOriginTag.self, "record origin").origin
        let fields: PythonValue
        if try peekTag() == .dict {
            _ = try byte()
            fields = .dict(try dictionary(depth: depth))
        } else {
            fields = try value(depth: depth)
        }
        return PythonRecord(typeName: typeName, module: module, origin: origin, fields: fields, text: try string())
    }

    /// An object with no conversion rule.
    mutating func opaque() throws(WireFormatError) -> PythonOpaqueObject {
        let (typeName, module, repr) = (try string(), try string(), try string())
        return PythonOpaqueObject(typeName: typeName, module: module, repr: repr, text: try string())
    }

    /// The next value's tag, not consumed; `nil` for an unknown byte.
    private func peekTag() throws(WireFormatError) -> WireTag? {
        var copy = self
        return WireTag(rawValue: try copy.byte())
    }
}
