/// Reading the standard library's value types (datetime, decimal, pathlib,
/// enum, dataclasses) and objects with `to_dict()`.
enum StandardValues {
    /// Converts `object`, whose type `kind` classified.
    static func read(_ object: BorrowedObject, kind: ObjectKind, _ reader: inout ValueReader) throws(PythonConversionError) -> PythonValue {
        switch kind {
        case .datetime: return .datetime(try PythonDateTime.read(object))
        case .date: return .date(try PythonDate.read(object))
        case .time: return .time(try PythonTime.read(object))
        case .timedelta: return .timedelta(try PythonTimeDelta.read(object))
        case .decimal: return .decimal(PythonDecimal(try text(object)))
        case .path: return try PythonPurePath.readPath(object)
        case .enumeration: return .enumMember(try PythonEnumMember.read(object, &reader))
        case .dataclass: return .record(try PythonRecord.readDataclass(object, &reader))
        case .toDict: return .record(try PythonRecord.read(object, calling: "to_dict", origin: .toDict, &reader))
        case .toList: return .record(try PythonRecord.read(object, calling: "tolist", origin: .toList, &reader))
        case .item: return .record(try PythonRecord.read(object, calling: "item", origin: .item, &reader))
        default:
            throw .typeMismatch(expected: "a standard library value", actual: object.typeName, path: "")
        }
    }

    /// `str(object)`.
    static func text(_ object: BorrowedObject) throws(PythonConversionError) -> String {
        do { return try object.str() } catch { throw .python(error, path: "") }
    }
}

extension PythonDateTime {
    /// Reads a `datetime.datetime` (or `pandas.Timestamp`, keeping its nanosecond).
    static func read(_ object: BorrowedObject) throws(PythonConversionError) -> PythonDateTime {
        let gil = object.gil
        let result = try StandardHelpers.module.call("datetime_parts", [object.owned()], gil)
        let (year, month, day, hour, minute, second, microsecond, nanosecond, zone) = try result.borrow(gil).decodeTuple(
            Int.self, Int.self, Int.self, Int.self, Int.self, Int.self, Int.self, Int.self, ZoneParts?.self)
        return PythonDateTime(
            date: PythonDate(year: year, month: month, day: day),
            time: PythonTime(hour: hour, minute: minute, second: second, microsecond: microsecond, timeZone: zone?.zone),
            nanosecond: nanosecond)
    }
}

extension PythonDate {
    /// Reads a `datetime.date`.
    static func read(_ object: BorrowedObject) throws(PythonConversionError) -> PythonDate {
        let gil = object.gil
        let result = try StandardHelpers.module.call("date_parts", [object.owned()], gil)
        let (year, month, day) = try result.borrow(gil).decodeTuple(Int.self, Int.self, Int.self)
        return PythonDate(year: year, month: month, day: day)
    }
}

extension PythonTime {
    /// Reads a `datetime.time`.
    static func read(_ object: BorrowedObject) throws(PythonConversionError) -> PythonTime {
        let gil = object.gil
        let result = try StandardHelpers.module.call("time_parts", [object.owned()], gil)
        let (hour, minute, second, microsecond, zone) = try result.borrow(gil).decodeTuple(
            Int.self, Int.self, Int.self, Int.self, ZoneParts?.self)
        return PythonTime(hour: hour, minute: minute, second: second, microsecond: microsecond, timeZone: zone?.zone)
    }
}

extension PythonTimeDelta {
    /// Reads a `datetime.timedelta` (or `pandas.Timedelta`, whose nanoseconds do not fit and are dropped).
    static func read(_ object: BorrowedObject) throws(PythonConversionError) -> PythonTimeDelta {
        let gil = object.gil
        let result = try StandardHelpers.module.call("timedelta_parts", [object.owned()], gil)
        let (days, seconds, microseconds) = try result.borrow(gil).decodeTuple(Int.self, Int.self, Int.self)
        return PythonTimeDelta(days: days, seconds: seconds, microseconds: microseconds)
    }
}

/// The helpers' `(offset seconds, name or None)` description of a zone.
private struct ZoneParts: ConvertibleFromPython {
    let zone: PythonTimeZone

    init(python object: BorrowedObject) throws(PythonConversionError) {
        let (seconds, name) = try object.decodeTuple(Double.self, String?.self)
        zone = PythonTimeZone(utcOffsetSeconds: seconds, name: name)
    }
}
