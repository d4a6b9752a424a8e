/// A finite JSON number, kept as its text.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written in JSON: an integer's decimal digits, or a
    /// double the way Python's `repr` writes it (`0.1`, `1e+16`, `-0.0`).
    public let text: String

    /// An integer, exact at any size.
    public init(_ integer: PythonInteger) {
        text = integer.description
    }

    /// An integer.
    public init(_ integer: some BinaryInteger) {
        text = String(integer)
    }

    /// A double in its shortest round-trip form, or `nil` for NaN and the
    /// infinities, which JSON cannot write.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        text = PythonFloatText.repr(value)
    }

    /// A number from JSON text, or `nil` when `text` is not a JSON number.
    public init?(text: String) {
        guard Self.isValid(text) else { return nil }
        self.text = text
    }

    /// ``text``.
    public var description: String { text }

    /// The number as a `Double` (rounded when it has more digits than a double holds).
    public var doubleValue: Double { Double(text) ?? .nan }

    /// Whether `text` matches RFC 8259's `number` production.
    private static func isValid(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digits() -> Int {
            let count = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        if bytes.first == UInt8(ascii: "0") {
            bytes = bytes.dropFirst()
        } else if digits() == 0 {
            return false
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
