/// Doubles written the way Python writes them: `repr(float)`, and the
/// parts of `repr(complex)`.
///
/// Swift and Python both print the shortest digits that round-trip; they
/// differ only in layout (Swift switches to an exponent from 2⁵³, Python from
/// 10¹⁶), so the digits come from Swift and the layout follows Python's `'r'`
/// format: positional for decimal exponents −4 … 15, scientific otherwise.
package enum PythonFloatText {
    /// `repr(value)`: `1.0`, `0.0001`, `1e-05`, `1e+16`, `-0.0`, `nan`, `inf`.
    package static func repr(_ value: Double) -> String {
        format(value, addDotZero: true)
    }

    /// Appends `repr(value)` of a finite `value` to `output`; in Python's and
    /// Swift's common layout (below 2⁵³ or from 10¹⁶ on) with no `String` made.
    static func append(_ value: Double, to output: inout [UInt8]) {
        guard value.magnitude < 0x1p53 || value.magnitude >= 1e16 else { return output.append(contentsOf: repr(value).utf8) }
        ByteSink.appending(to: &output) { sink in value.write(to: &sink) }
    }

    /// `value` as `repr(complex)` writes a part: like ``repr(_:)`` but
    /// without the `.0` of whole numbers (`(1+2.5j)`).
    static func complexPart(_ value: Double) -> String {
        format(value, addDotZero: false)
    }

    private static func format(_ value: Double, addDotZero: Bool) -> String {
        // Outside [2⁵³, 10¹⁶) Swift's own text already has Python's layout.
        if addDotZero, value.isFinite, value.magnitude < 0x1p53 || value.magnitude >= 1e16 { return value.description }
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + (addDotZero ? "0.0" : "0") }
        let (digits, exponent) = shortestDigits(value.magnitude)
        if exponent < -4 || exponent >= 16 {
            let mantissa = digits.count == 1 ? digits : digits.prefix(1) + "." + digits.dropFirst()
            let power = String(exponent.magnitude)
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (power.count < 2 ? "0" + power : power)
        }
        if exponent < 0 {
            return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits
        }
        let whole = exponent + 1
        if digits.count <= whole {
            let integer = digits + String(repeating: "0", count: whole - digits.count)
            return sign + integer + (addDotZero ? ".0" : "")
        }
        return sign + digits.prefix(whole) + "." + digits.dropFirst(whole)
    }

    /// The shortest round-trip significant digits of a finite positive double
    /// (no leading or trailing zeros) and the decimal exponent of the first:
    /// `1234.5` → (`"12345"`, 3).
    static func shortestDigits(_ value: Double) -> (digits: String, exponent: Int) {
        let text = value.description  // "1234.5", "1e-05", "1.2345e+17"
        var mantissa = Substring(text)
        var exponent = 0
        if let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<marker]
            exponent = Int(text[text.index(after: marker)...]) ?? 0
        }
        var integerPart = mantissa
        var fraction: Substring = ""
        if let point = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<point]
            fraction = mantissa[mantissa.index(after: point)...]
        }
        var digits = Substring(String(integerPart) + fraction)
        // The first digit sits integerPart.count − 1 places left of the point.
        exponent += integerPart.count - 1
        while digits.first == "0" {
            digits = digits.dropFirst()
            exponent -= 1
        }
        while digits.last == "0" { digits = digits.dropLast() }
        return (digits.isEmpty ? "0" : String(digits), exponent)
    }
}
