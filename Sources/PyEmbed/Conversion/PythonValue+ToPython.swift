import CPythonShim

extension PythonValue: ConvertibleToPython {
    /// Builds the Python object this value describes.
    ///
    /// ``PythonValue/object(_:)`` cannot be rebuilt from its `repr` and gives
    /// a ``PythonConversionError/typeMismatch(expected:actual:path:)`` error.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        switch self {
        case .none: return PythonObject(retaining: pyshim_none(), gil)
        case let .bool(value): return try value.pythonObject(gil)
        case let .int(value): return try value.pythonObject(gil)
        case let .float(value): return try value.pythonObject(gil)
        case let .complex(real, imaginary): return try Self.new(PyComplex_FromDoubles(real, imaginary), gil)
        case let .string(value): return try value.pythonObject(gil)
        case let .bytes(value):
            return try Self.new(value.withUnsafeBufferPointer {
                PyBytes_FromStringAndSize(UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: CChar.self), $0.count)
            }, gil)
        case let .bytearray(value):
            return try Self.new(value.withUnsafeBufferPointer {
                PyByteArray_FromStringAndSize(UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: CChar.self), $0.count)
            }, gil)
        case .list, .tuple, .dict: return PythonObject(owning: try FastPaths.newReference(self, gil))
        case let .set(members):
            let list = try members.pythonObject(gil)
            return try Self.new(withExtendedLifetime(list) { PySet_New(list.pointer) }, gil)
        case let .frozenset(members):
            let list = try members.pythonObject(gil)
            return try Self.new(withExtendedLifetime(list) { PyFrozenSet_New(list.pointer) }, gil)
        case let .array(array): return try array.pythonObject(gil)
        case let .maskedArray(array): return try array.pythonObject(gil)
        case let .missing(missing): return try missing.pythonObject(gil)
        case let .numpyTime(time): return try time.pythonObject(gil)
        case let .dataFrame(frame): return try frame.pythonObject(gil)
        case let .series(series): return try series.pythonObject(gil)
        case let .index(index): return try index.pythonObject(gil)
        case let .figure(figure): return try figure.pythonObject(gil)
        case let .datetime(datetime): return try datetime.pythonObject(gil)
        case let .date(date): return try date.pythonObject(gil)
        case let .time(time): return try time.pythonObject(gil)
        case let .timedelta(delta): return try delta.pythonObject(gil)
        case let .decimal(decimal): return try decimal.pythonObject(gil)
        case let .path(path): return try StandardValues.path(path, gil)
        case let .enumMember(member): return try member.pythonObject(gil)
        case let .record(record): return try record.pythonObject(gil)
        case let .object(opaque):
            throw .typeMismatch(expected: "a convertible value", actual: "\(opaque.module).\(opaque.typeName) (kept only as its repr)", path: "")
        }
    }

    private static func new(_ pointer: UnsafeMutablePointer<PyObject>?, _ gil: GIL) throws(PythonConversionError) -> PythonObject {
        guard let pointer else { throw .pending(gil) }
        return PythonObject(owning: pointer)
    }
}
