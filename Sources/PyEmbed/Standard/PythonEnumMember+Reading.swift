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
        return PythonEnumMember(typeName: typeName, module: module, name: name, value: converted)
    }
}
