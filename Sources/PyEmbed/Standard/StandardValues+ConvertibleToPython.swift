extension PythonDateTime: ConvertibleToPython {
    /// A `datetime.datetime`.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject { throw StandardValues.pending("datetime") }
}

extension PythonDate: ConvertibleToPython {
    /// A `datetime.date`.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject { throw StandardValues.pending("date") }
}

extension PythonTime: ConvertibleToPython {
    /// A `datetime.time`.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject { throw StandardValues.pending("time") }
}

extension PythonTimeDelta: ConvertibleToPython {
    /// A `datetime.timedelta`.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject { throw StandardValues.pending("timedelta") }
}

extension PythonDecimal: ConvertibleToPython {
    /// A `decimal.Decimal`.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject { throw StandardValues.pending("decimal") }
}

extension PythonEnumMember: ConvertibleToPython {
    /// The enum member.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject { throw StandardValues.pending("enum") }
}

extension PythonRecord: ConvertibleToPython {
    /// The record's fields.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject { throw StandardValues.pending("record") }
}

extension StandardValues {
    /// A `pathlib.Path`.
    static func path(_ path: String, _ gil: GIL) throws(PythonConversionError) -> PythonObject { throw pending("path") }

    static func pending(_ name: String) -> PythonConversionError {
        .typeMismatch(expected: "a buildable value", actual: "\(name) (writer pending)", path: "")
    }
}
