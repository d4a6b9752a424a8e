/// A finite JSON number, kept as its text.
///
/// Numbers made from a `Double` or a machine integer keep the value and are
/// formatted only when written (straight into the output, with no string per
/// number); two numbers are equal when their texts are.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// What the number holds until it is written.
    enum Storage: Sendable {
        case text(String)
        case integer(Int64)
        /// Finite.
        case double(Double)
    }

    let storage: Storage

    /// The number as written in JSON: an integer's decimal digits, or a
    /// double the way Python's `repr` writes it (`0.1`, `1e+16`, `-0.0`).
    public var text: String {
        switch storage {
        case let .text(text): return text
        case let .integer(integer): return String(integer)
        case let .double(value): return PythonFloatText.repr(value)
        }
    }

    /// An integer, exact at any size.
    public init(_ integer: PythonInteger) {
        storage = integer.intValue.map { .integer(Int64($0)) } ?? .text(integer.description)
    }

    /// An integer.
    public init(_ integer: some BinaryInteger) {
        storage = Int64(exactly: integer).map(Storage.integer) ?? .text(String(integer))
    }

    /// A double in its shortest round-trip form, or `nil` for NaN and the
    /// infinities, which JSON cannot write.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        storage = .double(value)
    }

    /// A number from JSON text, or `nil` when `text` is not a JSON number.
    public init?(text: String) {
        guard Self.isValid(text) else { return nil }
        storage = .text(text)
    }

    /// ``text``.
    public var description: String { text }

    /// Equal texts.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool { lhs.text == rhs.text }

    /// Hashes the text.
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// Appends the text's UTF-8 bytes to `output`.
    func write(to output: inout [UInt8]) {
        switch storage {
        case let .text(text): output.append(contentsOf: text.utf8)
        case let .integer(integer): IntegerDigits.append(integer, to: &output)
        case let .double(value): PythonFloatText.append(value, to: &output)
        }
    }

    /// The number as a `Double` (rounded when it has more digits than a double holds).
    public var doubleValue: Double {
        switch storage {
        case let .double(value): return value
        case let .integer(integer): return Double(integer)
        case let .text(text): return Double(text) ?? .nan
        }
    }

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
