/// A Python `int` of any size, kept exactly.
///
/// Values that fit in `Int` are stored inline; larger ones keep their sign and
/// magnitude as 64-bit words (least significant first). Equal values always
/// have the same representation, so `==` and hashing compare numbers.
public struct PythonInteger: Sendable, Hashable {
    enum Storage: Sendable, Hashable {
        case small(Int)
        case large(isNegative: Bool, magnitude: [UInt64])
    }

    let storage: Storage

    /// Creates an integer from a Swift `Int`.
    public init(_ value: Int) {
        storage = .small(value)
    }

    /// Creates an integer from a sign and a magnitude (least significant word first).
    public init(isNegative: Bool, magnitude: [UInt64]) {
        var words = magnitude
        while let last = words.last, last == 0 { words.removeLast() }
        if words.isEmpty {
            storage = .small(0)
        } else if words.count == 1, !isNegative, words[0] <= UInt64(Int.max) {
            storage = .small(Int(words[0]))
        } else if words.count == 1, isNegative, words[0] <= UInt64(Int.max) + 1 {
            storage = .small(words[0] == UInt64(Int.max) + 1 ? Int.min : -Int(words[0]))
        } else {
            storage = .large(isNegative: isNegative, magnitude: words)
        }
    }

    /// The value as an `Int`, or `nil` if it does not fit.
    public var intValue: Int? {
        if case let .small(value) = storage { return value }
        return nil
    }

    /// Whether the value is below zero.
    public var isNegative: Bool {
        switch storage {
        case let .small(value): return value < 0
        case let .large(negative, _): return negative
        }
    }

    /// The absolute value as 64-bit words, least significant first.
    public var magnitude: [UInt64] {
        switch storage {
        case let .small(value): return value == 0 ? [] : [value.magnitude.toUInt64]
        case let .large(_, words): return words
        }
    }

    /// The value's two's-complement bytes, little-endian, just long enough to
    /// hold the value and its sign (the form `int.from_bytes(..., signed=True)` reads).
    var twosComplementBytes: [UInt8] {
        var bytes: [UInt8] = []
        for word in magnitude {
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        bytes.append(0)  // room for the sign bit
        if isNegative {
            var carry = true
            for index in bytes.indices {
                let inverted = ~bytes[index]
                let (sum, overflow) = inverted.addingReportingOverflow(carry ? 1 : 0)
                bytes[index] = sum
                carry = carry && overflow
            }
        }
        return bytes
    }

    /// Reads little-endian two's-complement bytes (`int.to_bytes(..., signed=True)`).
    init(twosComplement bytes: [UInt8]) {
        let negative = (bytes.last ?? 0) & 0x80 != 0
        var digits = bytes
        if negative {
            var carry = true
            for index in digits.indices {
                let inverted = ~digits[index]
                let (sum, overflow) = inverted.addingReportingOverflow(carry ? 1 : 0)
                digits[index] = sum
                carry = carry && overflow
            }
        }
        var words: [UInt64] = []
        var word: UInt64 = 0
        for (index, byte) in digits.enumerated() {
            word |= UInt64(byte) << UInt64((index % 8) * 8)
            if index % 8 == 7 { words.append(word); word = 0 }
        }
        if digits.count % 8 != 0 { words.append(word) }
        self.init(isNegative: negative, magnitude: words)
    }
}

private extension UInt {
    var toUInt64: UInt64 { UInt64(self) }
}
