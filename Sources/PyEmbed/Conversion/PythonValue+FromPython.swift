import CPythonShim

extension PythonValue: ConvertibleFromPython {
    /// The deepest container nesting read by default (a `list` in a `dict` in a
    /// `list` is depth 3). Deeper values give ``PythonConversionError/tooDeep(limit:path:)``.
    public static let defaultDepthLimit = 256

    /// Converts any Python object, with the default depth limit.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        try self.init(python: object, depthLimit: Self.defaultDepthLimit)
    }

    /// Converts any Python object.
    ///
    /// A container that contains itself gives ``PythonConversionError/cycle(path:)``;
    /// the same container reached twice without a cycle is converted twice.
    /// - Complexity: O(*n* · *d*) for *n* objects nested *d* deep.
    public init(python object: BorrowedObject, depthLimit: Int) throws(PythonConversionError) {
        var reader = ValueReader(gil: object.gil, depthLimit: depthLimit)
        self = try reader.read(object.pointer)
    }

    /// Converts any Python object so that no part of it can fail the whole:
    /// a part that has no rule, or whose rule fails (an unsupported dtype, a
    /// `__repr__` that raises, a container that contains itself), becomes
    /// ``object(_:)`` and a ``ConversionWarning`` naming its path is appended
    /// to `warnings`. Only a failure to read `object` itself throws.
    ///
    /// ```swift
    /// var warnings: [ConversionWarning] = []
    /// let results = try PythonValue(python: object, warnings: &warnings)
    /// ```
    public init(
        python object: BorrowedObject, depthLimit: Int = PythonValue.defaultDepthLimit, warnings: inout [ConversionWarning]
    ) throws(PythonConversionError) {
        var reader = ValueReader(gil: object.gil, depthLimit: depthLimit, tolerant: true)
        self = try reader.read(object.pointer)
        warnings.append(contentsOf: reader.warnings)
    }
}

/// Walks a Python object graph into a ``PythonValue``, watching depth and cycles.
struct ValueReader {
    let gil: GIL
    let depthLimit: Int
    /// Whether a part that fails becomes opaque (with a warning) instead of failing the whole.
    let tolerant: Bool
    /// The parts replaced so far, with paths from the object being read.
    private(set) var warnings: [ConversionWarning] = []
    /// The containers on the path from the root to the object being read.
    private var open: [UnsafeMutablePointer<PyObject>] = []

    init(gil: GIL, depthLimit: Int, tolerant: Bool = false) {
        self.gil = gil
        self.depthLimit = depthLimit
        self.tolerant = tolerant
    }

    mutating func read(_ pointer: UnsafeMutablePointer<PyObject>) throws(PythonConversionError) -> PythonValue {
        let object = BorrowedObject(pointer, gil)
        if pyshim_is_none(pointer) != 0 { return .none }
        if pyshim_is_bool(pointer) != 0 { return .bool(pointer == pyshim_true()) }
        if pyshim_is_exact_int(pointer) != 0 { return .int(PythonInteger.read(pointer, gil)) }
        if pyshim_is_exact_float(pointer) != 0 { return .float(pyshim_float_value(pointer)) }
        if pyshim_is_exact_str(pointer) != 0 { return .string(PythonText.string(pointer)) }
        if pyshim_is_exact_list(pointer) != 0 || pyshim_is_exact_tuple(pointer) != 0 || pyshim_is_exact_dict(pointer) != 0 {
            return try builtin(object)
        }
        let kind = try ObjectKind.of(object)
        switch kind {
        case .ndarray: return .array(try NDArray.read(object, &self))
        case .maskedArray: return try MaskedArray.readValue(object, &self)
        case .maskedConstant: return .missing(.masked)
        case .numpyScalar: return try NDArray.readScalar(object, &self)
        case .dataFrame: return .dataFrame(try DataFrame.read(object, &self))
        case .series: return .series(try Series.read(object, &self))
        case .index: return .index(try DataIndex.read(object, &self))
        case .pandasArray, .pandasPeriod, .pandasInterval, .pandasMissing: return try pandasValue(object, kind)
        case .figure: return .figure(try Figure.read(object, &self))
        case .enumeration, .datetime, .date, .time, .timedelta, .decimal, .path, .dataclass, .toDict, .toList, .item:
            return try StandardValues.read(object, kind: kind, &self)
        case .other: return try builtin(object)
        }
    }

    /// pandas' standalone arrays, scalars and missing values, out of ``read(_:)``'s
    /// frame, which every level of nesting repeats.
    @inline(never)
    private mutating func pandasValue(_ object: BorrowedObject, _ kind: ObjectKind) throws(PythonConversionError) -> PythonValue {
        switch kind {
        case .pandasArray: return .pandasArray(try PandasArray.read(object, &self))
        case .pandasPeriod: return .period(try PandasPeriod.read(object))
        case .pandasInterval: return .interval(try PandasInterval.read(object, &self))
        default: return .missing(try PandasHelpers.module.function("NA", gil).pointer == object.pointer ? .notAvailable : .notATime)
        }
    }

    /// Builtin types and their subclasses (`OrderedDict`, named tuples, `IntEnum` excluded).
    private mutating func builtin(_ object: BorrowedObject) throws(PythonConversionError) -> PythonValue {
        let pointer = object.pointer
        if pyshim_is_int(pointer) != 0 { return .int(PythonInteger.read(pointer, gil)) }
        if pyshim_is_float(pointer) != 0 { return .float(pyshim_float_value(pointer)) }
        if pyshim_is_str(pointer) != 0 { return .string(PythonText.string(pointer)) }
        if pyshim_is_bytes(pointer) != 0 { return .bytes(Self.bytes(pyshim_bytes_data(pointer), PyBytes_Size(pointer))) }
        if pyshim_is_bytearray(pointer) != 0 {
            return .bytearray(Self.bytes(pyshim_bytearray_data(pointer), PyByteArray_Size(pointer)))
        }
        if pyshim_is_complex(pointer) != 0 {
            return .complex(real: PyComplex_RealAsDouble(pointer), imaginary: PyComplex_ImagAsDouble(pointer))
        }
        if pyshim_is_list(pointer) != 0 {
            return .list(try container(pointer) { (reader) throws(PythonConversionError) in try reader.items(object) })
        }
        if pyshim_is_tuple(pointer) != 0 {
            return .tuple(try container(pointer) { (reader) throws(PythonConversionError) in try reader.items(object) })
        }
        if pyshim_is_dict(pointer) != 0 {
            return .dict(try container(pointer) { (reader) throws(PythonConversionError) in try reader.entries(object) })
        }
        if pyshim_is_anyset(pointer) != 0 {
            let members = try container(pointer) { (reader) throws(PythonConversionError) in try reader.members(object) }
            return pyshim_is_frozenset(pointer) != 0 ? .frozenset(members) : .set(members)
        }
        return .object(Self.opaque(object))
    }

    /// Reads a nested object that `container`'s body meets (items, values,
    /// elements of object arrays, fields of records), with the same depth and
    /// cycle rules; `component` (`[3]`, `['key']`) names its slot and is only
    /// computed when an error or a warning needs it.
    ///
    /// Reading tolerantly, a failing object becomes opaque and a warning is
    /// recorded; otherwise the error is located at the slot.
    ///
    /// Deep values recurse through here once per level, so the rare paths
    /// live in their own functions and keep this frame small.
    mutating func nested(_ object: BorrowedObject, at component: @autoclosure () -> String) throws(PythonConversionError) -> PythonValue {
        let start = warnings.count
        do throws(PythonConversionError) {
            let value = try read(object.pointer)
            if warnings.count > start { locateWarnings(from: start, in: component()) }
            return value
        } catch {
            return try replace(object, failing: error, warningsFrom: start, at: component())
        }
    }

    /// Prefixes the paths of the warnings from `start` on with `component`.
    @inline(never)
    private mutating func locateWarnings(from start: Int, in component: String) {
        for position in start..<warnings.count { warnings[position].path = component + warnings[position].path }
    }

    /// The opaque fallback for an object whose reading failed, with its
    /// warning (replacing any its parts raised); the located error when not tolerant.
    @inline(never)
    private mutating func replace(
        _ object: BorrowedObject, failing error: PythonConversionError, warningsFrom start: Int, at component: String
    ) throws(PythonConversionError) -> PythonValue {
        guard tolerant else { throw error.nested(in: component) }
        warnings.removeSubrange(start...)
        let replacement = Self.opaque(object)
        warnings.append(ConversionWarning(path: component, error: error, replacement: replacement))
        return .object(replacement)
    }

    /// Runs `body` with `pointer` marked as open, so reaching it again inside is a cycle.
    mutating func container<T>(
        _ pointer: UnsafeMutablePointer<PyObject>, _ body: (inout ValueReader) throws(PythonConversionError) -> T
    ) throws(PythonConversionError) -> T {
        if open.contains(pointer) { throw .cycle(path: "") }
        guard open.count < depthLimit else { throw .tooDeep(limit: depthLimit, path: "") }
        open.append(pointer)
        defer { open.removeLast() }
        return try body(&self)
    }

    private mutating func items(_ object: BorrowedObject) throws(PythonConversionError) -> [PythonValue] {
        var values: [PythonValue] = []
        values.reserveCapacity(try object.sequenceCount(expected: "sequence"))
        try object.forEachHeldItem(expected: "sequence") { (index, item) throws(PythonConversionError) in
            values.append(try nested(item, at: "[\(index)]"))
        }
        return values
    }

    private mutating func entries(_ object: BorrowedObject) throws(PythonConversionError) -> PythonDictionary {
        var entries: [PythonDictionary.Entry] = []
        entries.reserveCapacity(PyDict_Size(object.pointer))
        try object.forEachEntry { (key, value) throws(PythonConversionError) in
            let keyValue = try nested(key, at: "<key \(key.shortRepr)>")
            entries.append(PythonDictionary.Entry(key: keyValue, value: try nested(value, at: "[\(key.shortRepr)]")))
        }
        return PythonDictionary(entries)
    }

    private mutating func members(_ object: BorrowedObject) throws(PythonConversionError) -> [PythonValue] {
        var values: [PythonValue] = []
        values.reserveCapacity(PySet_Size(object.pointer))
        try object.forEachIterated { (item) throws(PythonConversionError) in
            values.append(try nested(item, at: "<member>"))
        }
        return values
    }

    private static func bytes(_ start: UnsafeMutablePointer<CChar>?, _ count: Int) -> [UInt8] {
        guard let start, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// The last resort: type name, module and `repr`, never failing.
    static func opaque(_ object: BorrowedObject) -> PythonOpaqueObject {
        let qualified = object.typeName
        let type = UnsafeMutableRawPointer(pyshim_type(object.pointer)).assumingMemoryBound(to: PyObject.self)
        let module = (try? BorrowedObject(type, object.gil).attribute("__module__").decode(String.self, object.gil)) ?? "builtins"
        PyErr_Clear()
        let name = qualified.hasPrefix(module + ".") ? String(qualified.dropFirst(module.count + 1)) : qualified
        let repr: String, text: String
        do { repr = try object.repr() } catch { repr = "<repr() failed: \(error)>" }
        do { text = try object.str() } catch { text = "<str() failed: \(error)>" }
        return PythonOpaqueObject(typeName: name, module: module, repr: repr, text: text)
    }
}
