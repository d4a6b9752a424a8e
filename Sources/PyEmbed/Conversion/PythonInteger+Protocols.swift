extension PythonInteger: ExpressibleByIntegerLiteral {
    /// Creates an integer from a literal that fits in `Int`.
    public init(integerLiteral value: Int) {
        self.init(value)
    }
}

extension PythonInteger: CustomStringConvertible {
    /// The value in decimal, as Python's `str(int)` prints it.
    ///
    /// - Complexity: O(*n*²) in the number of words.
    public var description: String {
        if case let .small(value) = storage { return String(value) }
        var words = magnitude
        var chunks: [UInt64] = []
        let base: UInt64 = 10_000_000_000_000_000_000  // 10^19, the largest power of ten in a word
        while !words.isEmpty {
            var remainder: UInt64 = 0
            for index in words.indices.reversed() {
                let (quotient, rest) = base.dividingFullWidth((high: remainder, low: words[index]))
                words[index] = quotient
                remainder = rest
            }
            chunks.append(remainder)
            while let last = words.last, last == 0 { words.removeLast() }
        }
        var text = isNegative ? "-" : ""
        text += String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return text
    }
}

extension PythonInteger: LosslessStringConvertible {
    /// Parses a decimal integer with an optional sign; `nil` for anything else.
    public init?(_ description: String) {
        var text = Substring(description)
        let negative = text.first == "-"
        if text.first == "-" || text.first == "+" { text = text.dropFirst() }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var words: [UInt64] = []
        for digit in text.utf8 {
            var carry = UInt64(digit - UInt8(ascii: "0"))
            for index in words.indices {
                let product = words[index].multipliedFullWidth(by: 10)
                let (low, overflow) = product.low.addingReportingOverflow(carry)
                words[index] = low
                carry = product.high + (overflow ? 1 : 0)
            }
            if carry != 0 { words.append(carry) }
        }
        self.init(isNegative: negative, magnitude: words)
    }
}
