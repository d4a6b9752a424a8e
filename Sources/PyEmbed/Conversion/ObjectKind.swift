import CPythonShim
import Synchronization

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
    /// A standalone pandas extension array (`Categorical`, `SparseArray`, nullable arrays…).
    case pandasArray = "pandas_array"
    case pandasPeriod = "pandas_period"
    case pandasInterval = "pandas_interval"
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
    /// Another object with `tolist()` (the reference's second rule): `array.array`, `memoryview`, pandas arrays.
    case toList = "tolist"
    /// Another object with `item()` (the reference's third rule).
    case item
    case other

    /// Kinds by type object. The cache holds a reference to each type, so an
    /// address is never reused by another type while it is cached. The lock is
    /// never held while Python runs (classifying, or dropping evicted types).
    private static let cache = Mutex<Cached>([:])
    private typealias Cached = [UInt: (type: PythonObject, kind: ObjectKind)]

    /// The rule for `object`'s type.
    ///
    /// A module imported later (numpy, pandas, matplotlib) cannot change the
    /// answer for a type that existed before it, so caching is safe.
    /// - Complexity: O(1) after the first object of a type.
    static func of(_ object: BorrowedObject) throws(PythonConversionError) -> ObjectKind {
        // The rules are Python of the main interpreter; a sub-interpreter's objects convert as builtins or opaque.
        guard object.gil.interpreter == .main else { return .other }
        let type = UnsafeMutableRawPointer(pyshim_type(object.pointer)!)
        if let kind = cache.withLock({ $0[UInt(bitPattern: type)]?.kind }) { return kind }
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
        let entry = (type: typeObject.owned(), kind: kind)
        let evicted = cache.withLock { cache -> Cached in
            var evicted: Cached = [:]
            if cache.count >= 4096 { swap(&evicted, &cache) }
            cache[UInt(bitPattern: type)] = entry
            return evicted
        }
        withExtendedLifetime(evicted) {}  // the evicted types are dropped here, after the lock
        return kind
    }

    /// The finer rules PyEmbed adds to `_pyembed.classify`'s answer: masked
    /// arrays among the arrays, and the reference's generic rules in its
    /// order (`tolist()`, `item()`, `to_dict()` before dataclass fields).
    private static func refined(_ kind: ObjectKind, _ type: BorrowedObject) throws(PythonConversionError) -> ObjectKind {
        let module: HelperModule, function: String
        switch kind {
        case .ndarray: (module, function) = (NumpyHelpers.module, "array_kind")
        case .other, .dataclass, .toDict: (module, function) = (kindHelpers, "generic_kind")
        default: return kind
        }
        let name = try module.call(function, [type.owned(), kind.rawValue], type.gil)
        return ObjectKind(rawValue: try name.decode(String.self, type.gil)) ?? kind
    }

    private static let kindHelpers = HelperModule(name: "pyembed-kinds", utf8: PackageResources.pyembed_kinds_py)
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
