/// A Python value converted into Swift: one type for any result.
///
/// Conversion keeps what Python had: integers of any size, NaN and infinities,
/// dictionary order and non-string keys, the difference between list and
/// tuple, set and frozenset, bytes and bytearray. An object PyEmbed has no
/// rule for becomes ``object(_:)``, which keeps its type, module and `repr`.
/// Typed extraction sits on top: ``decode(_:)``.
///
/// Cases whose payload is larger than two words are `indirect`, so that a
/// value (one per list item) stays small.
public enum PythonValue: Sendable, Hashable {
    /// `None`.
    case none
    /// `bool`.
    case bool(Bool)
    /// `int`, exact at any size.
    case int(PythonInteger)
    /// `float`, NaN and infinities kept.
    case float(Double)
    /// `complex`.
    case complex(real: Double, imaginary: Double)
    /// `str`. Lone surrogates (invalid in Swift strings) become U+FFFD.
    case string(String)
    /// `bytes`.
    case bytes([UInt8])
    /// `bytearray`.
    case bytearray([UInt8])
    /// `list`.
    case list([PythonValue])
    /// `tuple` (named tuples included).
    case tuple([PythonValue])
    /// `dict` and its subclasses, in insertion order.
    case dict(PythonDictionary)
    /// `set`, in Python's iteration order.
    case set([PythonValue])
    /// `frozenset`, in Python's iteration order.
    case frozenset([PythonValue])
    /// A numpy `ndarray`, copied into Swift storage.
    indirect case array(NDArray)
    /// A numpy masked array (`numpy.ma.MaskedArray`): data, mask and fill value.
    indirect case maskedArray(MaskedArray)
    /// A value that stands for a missing one, distinct from `None`
    /// (`numpy.ma.masked`).
    case missing(PythonMissingValue)
    /// A numpy `datetime64` or `timedelta64` scalar (other numpy scalars
    /// become ``int(_:)``, ``float(_:)``, ``bool(_:)`` or ``complex(real:imaginary:)``).
    indirect case numpyTime(NumpyTime)
    /// A pandas `DataFrame`.
    indirect case dataFrame(DataFrame)
    /// A pandas `Series`.
    indirect case series(Series)
    /// A pandas `Index` (including `RangeIndex`, `DatetimeIndex`, `MultiIndex`).
    indirect case index(DataIndex)
    /// A standalone pandas extension array (`Categorical`, `SparseArray`, `Int64`…).
    indirect case pandasArray(PandasArray)
    /// A `pandas.Period`.
    indirect case period(PandasPeriod)
    /// A `pandas.Interval`.
    indirect case interval(PandasInterval)
    /// A matplotlib `Figure`, rendered to PNG.
    indirect case figure(Figure)
    /// `datetime.datetime` or `pandas.Timestamp`.
    indirect case datetime(PythonDateTime)
    /// `datetime.date`.
    indirect case date(PythonDate)
    /// `datetime.time`.
    indirect case time(PythonTime)
    /// `datetime.timedelta` or `pandas.Timedelta`.
    indirect case timedelta(PythonTimeDelta)
    /// `decimal.Decimal`, exact.
    case decimal(PythonDecimal)
    /// A concrete `pathlib.Path`, as its string.
    case path(String)
    /// A `pathlib.PurePosixPath` or `PureWindowsPath`.
    indirect case purePath(PythonPurePath)
    /// An `enum.Enum` member.
    indirect case enumMember(PythonEnumMember)
    /// A dataclass instance or an object with `to_dict()`, by its fields.
    indirect case record(PythonRecord)
    /// Anything else: what could be learned without a conversion rule.
    indirect case object(PythonOpaqueObject)
}

/// The ordered key–value pairs of a Python `dict`; keys may be any value.
public struct PythonDictionary: Sendable, Hashable, RandomAccessCollection {
    /// One key–value pair.
    public struct Entry: Sendable, Hashable {
        /// The key.
        public var key: PythonValue
        /// The value.
        public var value: PythonValue

        /// Creates a pair.
        public init(key: PythonValue, value: PythonValue) {
            self.key = key
            self.value = value
        }
    }

    /// The pairs in insertion order.
    public var entries: [Entry]

    /// Creates a dictionary from pairs, in order.
    public init(_ entries: [Entry] = []) {
        self.entries = entries
    }

    /// The value stored under `key`, if any.
    ///
    /// - Complexity: O(*n*).
    public subscript(key: PythonValue) -> PythonValue? {
        entries.first { $0.key == key }?.value
    }

    /// The value stored under the string key `key`, if any.
    ///
    /// - Complexity: O(*n*).
    public subscript(key: String) -> PythonValue? {
        self[.string(key)]
    }

    /// The position of the first pair.
    public var startIndex: Int { entries.startIndex }
    /// The position after the last pair.
    public var endIndex: Int { entries.endIndex }
    /// The pair at `position`.
    public subscript(position: Int) -> Entry { entries[position] }
}

/// A Python object with no conversion rule: its type, module and `repr`.
public struct PythonOpaqueObject: Sendable, Hashable {
    /// The type's qualified name (`Widget`, `Outer.Inner`).
    public var typeName: String
    /// The module the type was defined in (`__main__`, `decimal`).
    public var module: String
    /// `repr(object)`, or a note saying why it could not be computed.
    public var repr: String
    /// `str(object)`, or a note saying why it could not be computed.
    public var text: String

    /// Creates a description; `text` defaults to `repr`.
    public init(typeName: String, module: String, repr: String, text: String? = nil) {
        self.typeName = typeName
        self.module = module
        self.repr = repr
        self.text = text ?? repr
    }
}
