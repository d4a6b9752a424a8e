import CPythonShim

extension PythonEnumMember {
    /// Reads an `enum.Enum` member: its class, name and converted value.
    ///
    /// `IntEnum` and `StrEnum` members come here too, not as `int` or `str`.
    static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> PythonEnumMember {
        let gil = object.gil
        let result = try StandardHelpers.module.call("enum_parts", [object.owned()], gil)
        let (typeName, module, name, value) = try result.borrow(gil).decodeTuple(
            String.self, String.self, String.self, PythonObject.self)
        let converted = try reader.container(object.pointer) { (reader) throws(PythonConversionError) in
            try reader.nested(value.borrow(gil), at: ".value")
        }
        return PythonEnumMember(
            typeName: typeName, module: module, name: name, value: converted,
            text: text(object), builtinValue: builtinValue(object))
    }

    /// `str(member)`, or a note when `__str__` raises (the member itself was read).
    private static func text(_ object: BorrowedObject) -> String {
        do { return try object.str() } catch { return "<str() failed: \(error)>" }
    }

    /// The member as the `str`, `int` or `float` it subclasses, checked in the
    /// order Python's `json` checks them; `nil` for a plain `Enum`.
    private static func builtinValue(_ object: BorrowedObject) -> PythonValue? {
        let pointer = object.pointer
        if pyshim_is_str(pointer) != 0 { return .string(PythonText.string(pointer)) }
        if pyshim_is_int(pointer) != 0 { return .int(PythonInteger.read(pointer, object.gil)) }
        if pyshim_is_float(pointer) != 0 { return .float(pyshim_float_value(pointer)) }
        return nil
    }
}
