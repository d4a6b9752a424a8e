import CPythonShim

extension MaskedArray: ConvertibleFromPython {
    /// Copies a `numpy.ma.MaskedArray`: data, mask and fill value.
    public init(python object: BorrowedObject) throws(PythonConversionError) {
        self = try object.read(as: .maskedArray, expected: "numpy masked array", MaskedArray.read)
    }

    /// ``PythonValue/maskedArray(_:)`` of `object` (kept out of the reader's frame).
    @inline(never)
    static func readValue(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> PythonValue {
        .maskedArray(try read(object, &reader))
    }

    static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> MaskedArray {
        let gil = object.gil
        let parts = try NumpyHelpers.module.call("masked_parts", [object.owned()], gil)
        let (data, mask, fill) = try parts.borrow(gil).decodeTuple(PythonObject.self, PythonObject?.self, PythonObject.self)
        let values: NDArray
        do throws(PythonConversionError) { values = try NDArray.read(data.borrow(gil), &reader) } catch { throw error.nested(in: ".data") }
        var flags: [Bool]?
        if let mask {
            let array: NDArray
            do throws(PythonConversionError) { array = try NDArray.read(mask.borrow(gil), &reader) } catch { throw error.nested(in: ".mask") }
            guard case let .bool(bits) = array.storage, bits.count == values.count else {
                throw .typeMismatch(expected: "a boolean mask shaped like the data", actual: "a mask of dtype \(array.dtype.name)", path: ".mask")
            }
            flags = bits
        }
        let fillValue = try reader.nested(fill.borrow(gil), at: ".fill_value")
        return MaskedArray(data: values, mask: flags, fillValue: fillValue)
    }
}

extension MaskedArray: ConvertibleToPython {
    /// A new `numpy.ma.MaskedArray` with the same data, mask and fill value.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        let array = try data.pythonObject(gil)
        var maskObject: PythonObject?
        if let mask {
            guard mask.count == data.count else {
                throw .wrongCount(expected: data.count, actual: mask.count, path: ".mask")
            }
            maskObject = try NDArray(mask, shape: data.shape).pythonObject(gil)
        }
        let fill: PythonObject
        do throws(PythonConversionError) { fill = try fillValue.pythonObject(gil) } catch { throw error.nested(in: ".fill_value") }
        return try NumpyHelpers.module.call("masked_array", [array, maskObject, fill], gil)
    }
}

extension PythonMissingValue: ConvertibleToPython {
    /// The Python object this missing value stands for.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        switch self {
        case .masked: return try NumpyHelpers.module.call("masked_constant", [], gil)
        case .notAvailable: return try PandasHelpers.module.function("NA", gil)
        case .notATime: return try PandasHelpers.module.function("NaT", gil)
        }
    }
}

extension MaskedArray: CustomStringConvertible {
    /// `masked_array(float64 [3], 1 masked)`.
    public var description: String {
        "masked_array(\(data.dtype.name) \(data.shape), \(maskedCount) masked, fill_value=\(fillValue))"
    }
}
