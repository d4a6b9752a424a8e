import CPythonShim

/// Which conversion rule applies to objects of a Python type that is not an
/// exact builtin. Decided once per type by `_pyembed.classify` and cached.
enum ObjectKind: String {
    case ndarray
    /// `numpy.ma.MaskedArray` and its subclasses (refined from `ndarray`).
    case maskedArray = "masked_array"
    /// `numpy.ma.masked`, the masked scalar (refined from `ndarray`).
    case maskedConstant = "masked_constant"
    case numpyScalar = "numpy_scalar"
    case dataFrame = "dataframe"
    case series
    case index
    case pandasMissing = "pandas_missing"
    case figure
    case enumeration = "enum"
    case datetime
    case date
    case time
    case timedelta
    case decimal
    case path
    case dataclass
    case toDict = "to_dict"
    case other

    /// Kinds by type object. The cache holds a reference to each type, so an
    /// address is never reused by another type while it is cached. Only read
    /// and written with the GIL held.
    nonisolated(unsafe) private static var cache: [UnsafeMutableRawPointer: (PythonObject, ObjectKind)] = [:]

    /// The rule for `object`'s type.
    ///
    /// A module imported later (numpy, pandas, matplotlib) cannot change the
    /// answer for a type that existed before it, so caching is safe.
    /// - Complexity: O(1) after the first object of a type.
    static func of(_ object: BorrowedObject) throws(PythonConversionError) -> ObjectKind {
        let type = UnsafeMutableRawPointer(pyshim_type(object.pointer)!)
        if let (_, kind) = cache[type] { return kind }
        let typeObject = BorrowedObject(type.assumingMemoryBound(to: PyObject.self), object.gil)
        let kind: ObjectKind
        do {
            let name = try SupportModule.installed.classify.borrow(object.gil).call([typeObject.owned()])
            kind = try refined(ObjectKind(rawValue: try name.decode(String.self, object.gil)) ?? .other, typeObject)
        } catch let PyEmbedError.exception(exception) {
            throw .python(exception, path: "")
        } catch {
            throw .typeMismatch(expected: "a classifiable type", actual: typeObject.shortRepr, path: "")
        }
        if cache.count >= 4096 {
            // Swap first: dropping the types can run Python (and let another thread in).
            let evicted = cache
            cache = [:]
            withExtendedLifetime(evicted) {}
        }
        cache[type] = (typeObject.owned(), kind)
        return kind
    }

    /// The finer rules PyEmbed adds to `_pyembed.classify`'s answer: masked
    /// arrays among the arrays.
    private static func refined(_ kind: ObjectKind, _ type: BorrowedObject) throws(PythonConversionError) -> ObjectKind {
        guard kind == .ndarray else { return kind }
        let name = try NumpyHelpers.module.call("array_kind", [type.owned()], type.gil)
        return ObjectKind(rawValue: try name.decode(String.self, type.gil)) ?? kind
    }
}

extension BorrowedObject {
    /// Reads this object with `read` and a fresh ``ValueReader``, after checking
    /// that its type follows `kind`'s rule (the shared body of the public
    /// `init(python:)` of NDArray, DataFrame, Series and DataIndex).
    func read<T>(
        as kind: ObjectKind, expected: String, _ read: (BorrowedObject, inout ValueReader) throws(PythonConversionError) -> T
    ) throws(PythonConversionError) -> T {
        guard try ObjectKind.of(self) == kind else { throw mismatch(expected: expected) }
        var reader = ValueReader(gil: gil, depthLimit: PythonValue.defaultDepthLimit)
        return try read(self, &reader)
    }
}
