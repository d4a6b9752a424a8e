extension NDArrayStorage {
    /// Copies raw C-ordered, native-endian element bytes of `dtype`.
    ///
    /// - Complexity: O(*n*); one `memcpy` for fixed-size numbers.
    init(copying bytes: UnsafeRawBufferPointer, dtype: NumpyDType) throws(PythonConversionError) {
        switch (dtype.kind, dtype.itemSize) {
        case (.bool, 1): self = .bool(bytes.map { $0 != 0 })
        case (.signedInteger, 1): self = .int8(Self.copy(bytes))
        case (.signedInteger, 2): self = .int16(Self.copy(bytes))
        case (.signedInteger, 4): self = .int32(Self.copy(bytes))
        case (.signedInteger, 8): self = .int64(Self.copy(bytes))
        case (.unsignedInteger, 1): self = .uint8(Self.copy(bytes))
        case (.unsignedInteger, 2): self = .uint16(Self.copy(bytes))
        case (.unsignedInteger, 4): self = .uint32(Self.copy(bytes))
        case (.unsignedInteger, 8): self = .uint64(Self.copy(bytes))
        case (.float, 2): self = .float16((Self.copy(bytes) as [UInt16]).map(HalfFloat.widen))
        case (.float, 4): self = .float32(Self.copy(bytes))
        case (.float, 8): self = .float64(Self.copy(bytes))
        case (.complex, 8):
            let parts: [Float] = Self.copy(bytes)
            self = .complex64(stride(from: 0, to: parts.count, by: 2).map { ComplexNumber(real: parts[$0], imaginary: parts[$0 + 1]) })
        case (.complex, 16):
            let parts: [Double] = Self.copy(bytes)
            self = .complex128(stride(from: 0, to: parts.count, by: 2).map { ComplexNumber(real: parts[$0], imaginary: parts[$0 + 1]) })
        case (.datetime, 8): self = .datetime64(Self.copy(bytes))
        case (.timedelta, 8): self = .timedelta64(Self.copy(bytes))
        case (.bytes, let width) where width > 0:
            self = .bytes(Self.chunks(bytes, width).map { chunk in
                Array(chunk[..<(chunk.lastIndex { $0 != 0 }.map { $0 + 1 } ?? chunk.startIndex)])
            })
        case (.bytes, _): self = .bytes(Array(repeating: [], count: 0))
        case (.unicode, let width) where width > 0:
            let units: [UInt32] = Self.copy(bytes)
            let perItem = width / 4
            self = .unicode(stride(from: 0, to: units.count, by: perItem).map { start in
                var scalars = String.UnicodeScalarView()
                var end = start + perItem
                while end > start, units[end - 1] == 0 { end -= 1 }
                for unit in units[start..<end] { scalars.append(Unicode.Scalar(unit) ?? "\u{FFFD}") }
                return String(scalars)
            })
        case (.unicode, _): self = .unicode([])
        default:
            throw .typeMismatch(expected: "a numpy array of a supported dtype", actual: "numpy.ndarray of dtype \(dtype.name)", path: "")
        }
    }

    /// The bytes as an array of `T`, with one `memcpy`.
    private static func copy<T>(_ bytes: UnsafeRawBufferPointer) -> [T] {
        [T](copyingBytes: bytes)
    }

    private static func chunks(_ bytes: UnsafeRawBufferPointer, _ width: Int) -> [ArraySlice<UInt8>] {
        let all = Array(bytes)
        return stride(from: 0, to: all.count, by: width).map { all[$0..<Swift.min($0 + width, all.count)] }
    }
}

/// IEEE 754 half precision, widened without loss (numpy's `float16`).
enum HalfFloat {
    /// The `Float` with the same value as the half-precision bits `bits`.
    static func widen(_ bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10) & 0x1F
        let fraction = UInt32(bits & 0x03FF)
        switch exponent {
        case 0:
            // Zero or subnormal: fraction × 2^-24.
            let magnitude = Float(fraction) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (fraction << 13))
        default:
            return Float(bitPattern: sign | (UInt32(exponent - 15 + 127) << 23) | (fraction << 13))
        }
    }

    /// The half-precision bits nearest to `value` (round to nearest even).
    static func narrow(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        if value.isNaN { return sign | 0x7E00 }
        let magnitude = Swift.abs(value)
        if magnitude >= 65520 { return sign | 0x7C00 }
        if magnitude < Float(sign: .plus, exponent: -14, significand: 1) {
            let scaled = (magnitude * Float(sign: .plus, exponent: 24, significand: 1)).rounded(.toNearestOrEven)
            return sign | UInt16(scaled)
        }
        let exponent = Int((bits >> 23) & 0xFF) - 127 + 15
        let mantissa = bits & 0x7F_FFFF
        var half = UInt32(exponent) << 10 | (mantissa >> 13)
        let rest = mantissa & 0x1FFF
        if rest > 0x1000 || (rest == 0x1000 && half & 1 == 1) { half += 1 }
        return sign | UInt16(half)
    }
}
