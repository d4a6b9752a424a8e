extension PythonRepr {
    /// `type(value).__name__`.
    package static func typeName(_ value: PythonValue) -> String {
        switch value {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .complex: return "complex"
        case .string: return "str"
        case .bytes: return "bytes"
        case .bytearray: return "bytearray"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .set: return "set"
        case .frozenset: return "frozenset"
        case .array: return "ndarray"
        case .maskedArray: return "MaskedArray"
        case .missing(.masked): return "MaskedConstant"
        case .missing(.notAvailable): return "NAType"
        case .missing(.notATime): return "NaTType"
        case let .numpyTime(time): return time.kind == .datetime ? "datetime64" : "timedelta64"
        case .dataFrame: return "DataFrame"
        case .series: return "Series"
        case let .index(index):
            if case .range = index { return "RangeIndex" }
            if case .multi = index { return "MultiIndex" }
            return "Index"
        case let .pandasArray(array): return array.typeName
        case .period: return "Period"
        case .interval: return "Interval"
        case .figure: return "Figure"
        case let .datetime(datetime): return datetime.nanosecond == 0 ? "datetime" : "Timestamp"
        case .date: return "date"
        case .time: return "time"
        case .timedelta: return "timedelta"
        case .decimal: return "Decimal"
        case .path: return "PosixPath"
        case let .purePath(path): return path.typeName
        case let .enumMember(member): return shortName(member.typeName)
        case let .record(record): return shortName(record.typeName)
        case let .object(object): return shortName(object.typeName)
        }
    }

    /// The C-level `tp_name` that Python's error messages quote: dotted for
    /// types defined in C modules (`datetime.datetime`, `decimal.Decimal`),
    /// the bare name for classes defined in Python.
    package static func internalTypeName(_ value: PythonValue) -> String {
        switch value {
        case let .numpyTime(time): return time.kind == .datetime ? "numpy.datetime64" : "numpy.timedelta64"
        case let .datetime(datetime): return datetime.nanosecond == 0 ? "datetime.datetime" : "Timestamp"
        case .date: return "datetime.date"
        case .time: return "datetime.time"
        case .timedelta: return "datetime.timedelta"
        case .decimal: return "decimal.Decimal"
        case .array: return "numpy.ndarray"
        default: return typeName(value)
        }
    }

    /// A class's `__name__` from its qualified name (`Outer.Inner` → `Inner`).
    package static func shortName(_ qualifiedName: String) -> String {
        qualifiedName.split(separator: ".").last.map(String.init) ?? qualifiedName
    }
}
