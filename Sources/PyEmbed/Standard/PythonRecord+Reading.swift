extension PythonRecord {
    /// Reads a dataclass instance: its fields in declaration order, each converted.
    ///
    /// Nested dataclasses are read the same way; one that contains itself gives
    /// ``PythonConversionError/cycle(path:)``.
    static func readDataclass(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> PythonRecord {
        let gil = object.gil
        let (typeName, module) = try names(object)
        let fields = try reader.container(object.pointer) { (reader) throws(PythonConversionError) in
            let fieldNames = try StandardHelpers.module.call("dataclass_fields", [object.owned()], gil).decode([String].self, gil)
            var entries: [PythonDictionary.Entry] = []
            entries.reserveCapacity(fieldNames.count)
            for name in fieldNames {
                let value: PythonObject
                do throws(PythonException) { value = try object.attribute(name) } catch { throw .python(error, path: ".\(name)") }
                entries.append(.init(key: .string(name), value: try reader.nested(value.borrow(gil), at: ".\(name)")))
            }
            return PythonDictionary(entries)
        }
        return PythonRecord(typeName: typeName, module: module, origin: .dataclass, fields: .dict(fields), text: text(object))
    }

    /// Reads an object through the result of its `method` (`to_dict()`,
    /// `tolist()`, `item()`), which is converted like any value.
    ///
    /// When the method raises, the error is ``PythonConversionError/python(_:path:)``
    /// whose message starts with the object's type and the method.
    static func read(
        _ object: BorrowedObject, calling method: String, origin: Origin, _ reader: inout ValueReader
    ) throws(PythonConversionError) -> PythonRecord {
        let gil = object.gil
        let (typeName, module) = try names(object)
        // Entered before calling, so an object whose result contains it is called once, not twice.
        let fields = try reader.container(object.pointer) { (reader) throws(PythonConversionError) in
            let culprit = "\(module).\(typeName).\(method)()"
            let result: PythonObject
            do {
                result = try object.attribute(method).borrow(gil).call()
            } catch let PyEmbedError.exception(exception) {
                throw .python(Self.blaming(exception, culprit), path: "")
            } catch let error as PythonException {
                throw .python(Self.blaming(error, culprit), path: "")
            } catch {
                throw .python(PythonException(typeName: "SystemError", message: "\(culprit): \(error)"), path: "")
            }
            return try reader.nested(result.borrow(gil), at: ".\(method)()")
        }
        return PythonRecord(typeName: typeName, module: module, origin: origin, fields: fields, text: text(object))
    }

    /// `str(object)`, or a note when `__str__` raises (the fields were read, so the record stands).
    private static func text(_ object: BorrowedObject) -> String {
        do { return try object.str() } catch { return "<str() failed: \(error)>" }
    }

    /// The class's qualified name and module.
    private static func names(_ object: BorrowedObject) throws(PythonConversionError) -> (String, String) {
        let gil = object.gil
        return try StandardHelpers.module.call("type_names", [object.owned()], gil).borrow(gil).decodeTuple(String.self, String.self)
    }

    /// `exception` with its message prefixed by what raised it.
    private static func blaming(_ exception: PythonException, _ culprit: String) -> PythonException {
        var blamed = exception
        blamed.message = exception.message.isEmpty ? culprit : "\(culprit): \(exception.message)"
        return blamed
    }
}
