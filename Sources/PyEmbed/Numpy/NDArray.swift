/// A numpy `ndarray` copied into Swift storage, in row-major (C) order.
///
/// The copy is independent of Python: it may be kept, sent between threads
/// and read without the GIL. For large arrays that only need reading, an
/// ``NDArrayView`` avoids the copy.
public struct NDArray: Sendable, Hashable {
    /// The element type, as numpy describes it.
    public var dtype: NumpyDType
    /// The length of each dimension; empty for a 0-d array.
    public var shape: [Int]
    /// The elements in row-major order, typed by ``dtype``.
    public var storage: NDArrayStorage

    /// Creates an array; `storage` must hold the product of `shape` elements.
    public init(dtype: NumpyDType, shape: [Int], storage: NDArrayStorage) {
        self.dtype = dtype
        self.shape = shape
        self.storage = storage
    }

    /// The number of elements (the product of ``shape``; 1 for a 0-d array;
    /// `Int.max` for a shape whose product does not fit, which no storage matches).
    public var count: Int {
        var product = 1
        for length in shape {
            let (next, overflow) = product.multipliedReportingOverflow(by: Swift.max(length, 0))
            if overflow { return Int.max }
            product = next
        }
        return product
    }
}

/// The elements of an ``NDArray``, one case per family of numpy dtypes.
public enum NDArrayStorage: Sendable, Hashable {
    /// `bool`.
    case bool([Bool])
    /// `int8`.
    case int8([Int8])
    /// `int16`.
    case int16([Int16])
    /// `int32`.
    case int32([Int32])
    /// `int64`.
    case int64([Int64])
    /// `uint8`.
    case uint8([UInt8])
    /// `uint16`.
    case uint16([UInt16])
    /// `uint32`.
    case uint32([UInt32])
    /// `uint64`.
    case uint64([UInt64])
    /// `float16`, widened exactly to `Float`.
    case float16([Float])
    /// `float32`.
    case float32([Float])
    /// `float64`.
    case float64([Double])
    /// `complex64`.
    case complex64([ComplexNumber<Float>])
    /// `complex128`.
    case complex128([ComplexNumber<Double>])
    /// `datetime64[unit]`: ticks of the dtype's unit since 1970-01-01; NaT is `Int64.min`.
    case datetime64([Int64])
    /// `timedelta64[unit]`: ticks of the dtype's unit; NaT is `Int64.min`.
    case timedelta64([Int64])
    /// Fixed-width `bytes_` (`S<n>`), trailing NUL bytes removed as numpy does.
    case bytes([[UInt8]])
    /// Fixed-width `str_` (`U<n>`), trailing NULs removed as numpy does.
    case unicode([String])
    /// `object`: every element converted on its own.
    case object([PythonValue])
    /// numpy 2's variable-width `StringDType` whose dtype has an `na_object`:
    /// `nil` where the element is that missing value. (Without an
    /// `na_object`, `StringDType` arrays use ``unicode(_:)``.)
    case nullableUnicode([String?])
    /// A structured (record) dtype: `count` records, stored by field, in
    /// the dtype's field order.
    case records(count: Int, fields: [NumpyRecordField])
}

/// A complex number as numpy stores it: real part, then imaginary part.
public struct ComplexNumber<Scalar: BinaryFloatingPoint & Sendable & Hashable>: Sendable, Hashable {
    /// The real part.
    public var real: Scalar
    /// The imaginary part.
    public var imaginary: Scalar

    /// Creates a complex number.
    public init(real: Scalar, imaginary: Scalar) {
        self.real = real
        self.imaginary = imaginary
    }
}

/// A numpy dtype: its family, size and (for dates and durations) unit.
public struct NumpyDType: Sendable, Hashable {
    /// The family of element types.
    public enum Kind: Sendable, Hashable {
        /// `b`: booleans.
        case bool
        /// `i`: signed integers.
        case signedInteger
        /// `u`: unsigned integers.
        case unsignedInteger
        /// `f`: floating point.
        case float
        /// `c`: complex.
        case complex
        /// `M`: `datetime64`.
        case datetime
        /// `m`: `timedelta64`.
        case timedelta
        /// `S`: fixed-width bytes.
        case bytes
        /// `U`: fixed-width Unicode.
        case unicode
        /// `O`: Python objects.
        case object
        /// `T`: numpy 2's variable-width `StringDType`.
        case string
        /// `V` with named fields: a structured (record) dtype.
        case record
    }

    /// The family.
    public var kind: Kind
    /// Bytes per element (for `U<n>`, 4 × n).
    public var itemSize: Int
    /// numpy's name for it: `float64`, `datetime64[ns]`, `U5`; `str(dtype)`
    /// for variable-width strings (`StringDType(na_object=None)`) and
    /// structured dtypes (`[('x', '<f8'), ('y', '<i4')]`, or
    /// `(numpy.record, [...])` for the dtype of a `numpy.recarray`).
    public var name: String
    /// The unit of `datetime64`/`timedelta64` (`ns`, `us`, `s`, `D`, …).
    public var unit: String?

    /// Creates a dtype description.
    public init(kind: Kind, itemSize: Int, name: String, unit: String? = nil) {
        self.kind = kind
        self.itemSize = itemSize
        self.name = name
        self.unit = unit
    }
}

/// A numpy `datetime64` or `timedelta64` scalar.
public struct NumpyTime: Sendable, Hashable {
    /// Whether it is a point in time or a duration.
    public enum Kind: Sendable, Hashable {
        /// `datetime64`: ticks since 1970-01-01T00:00.
        case datetime
        /// `timedelta64`: a number of ticks.
        case timedelta
    }

    /// Point in time or duration.
    public var kind: Kind
    /// The number of ticks, or `nil` for NaT.
    public var ticks: Int64?
    /// The tick unit (`ns`, `us`, `ms`, `s`, `m`, `h`, `D`, `W`, `M`, `Y`, `generic`).
    public var unit: String

    /// Creates a value.
    public init(kind: Kind, ticks: Int64?, unit: String) {
        self.kind = kind
        self.ticks = ticks
        self.unit = unit
    }
}
