/// A numpy masked array (`numpy.ma.MaskedArray`): the data, which elements
/// are masked (invalid readings), and the fill value.
///
/// Masked elements are data that must not be shown as valid: ``elements(as:)``
/// gives them as `nil`, and the JSON export writes `null` for them, as
/// numpy's `tolist()` does. The data under a mask is kept as numpy had it.
public struct MaskedArray: Sendable, Hashable {
    /// Every element, masked ones included, with the array's dtype and shape.
    public var data: NDArray
    /// Per element in row-major order, `true` where the element is masked;
    /// `nil` when nothing is masked (numpy's `nomask`).
    public var mask: [Bool]?
    /// The value numpy puts in place of masked elements (`filled()`).
    public var fillValue: PythonValue

    /// Creates a masked array; `mask`, when given, has one flag per element of `data`.
    public init(data: NDArray, mask: [Bool]?, fillValue: PythonValue) {
        self.data = data
        self.mask = mask
        self.fillValue = fillValue
    }

    /// The length of each dimension.
    public var shape: [Int] { data.shape }

    /// Whether the element at row-major `position` is masked.
    public func isMasked(at position: Int) -> Bool {
        guard let mask, mask.indices.contains(position) else { return false }
        return mask[position]
    }

    /// The number of masked elements.
    public var maskedCount: Int { mask?.lazy.filter { $0 }.count ?? 0 }

    /// The elements as `T` in row-major order, `nil` where masked.
    ///
    /// - Throws: ``PythonConversionError/typeMismatch(expected:actual:path:)``
    ///   when the data holds another type.
    public func elements<T: NumpyElement>(as type: T.Type = T.self) throws(PythonConversionError) -> [T?] {
        let values = try data.elements(as: T.self)
        guard let mask else { return values }
        return zip(values, mask).map { $1 ? nil : $0 }
    }
}

/// A value that stands for a missing one, kept distinct from `None`.
public enum PythonMissingValue: String, Sendable, Hashable {
    /// `numpy.ma.masked`, the masked scalar (what indexing a masked element gives).
    case masked
    /// `pandas.NA`, the missing value of pandas' nullable arrays (`Int64`, `boolean`, `string`).
    case notAvailable
    /// `pandas.NaT`, the missing time of pandas (what indexing a missing `Timestamp` gives).
    case notATime
}
