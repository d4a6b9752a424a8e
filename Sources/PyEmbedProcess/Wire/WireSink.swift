/// Where an encoding goes: ``WireCounter`` only measures, ``WireWriter`` writes.
///
/// Every encoder is written once against this protocol, so the size pass and
/// the write pass cannot disagree.
protocol WireSink {
    /// Bytes produced so far, from the start of the message.
    var offset: Int { get }
    /// Appends one byte.
    mutating func byte(_ value: UInt8)
    /// Appends a 64-bit word, little-endian.
    mutating func word(_ value: UInt64)
    /// Appends bytes as they are.
    mutating func bytes(_ source: UnsafeRawBufferPointer)
    /// Appends `count` zero bytes.
    mutating func zeros(_ count: Int)
    /// Appends a string: its UTF-8 length as a word, then the UTF-8 bytes.
    mutating func string(_ text: String)
}

extension WireSink {
    /// Appends a signed integer as 64-bit two's complement.
    mutating func int(_ value: Int) { word(UInt64(bitPattern: Int64(value))) }

    /// Appends the IEEE 754 bits of `value` (NaN payloads kept).
    mutating func double(_ value: Double) { word(value.bitPattern) }

    /// Appends 1 or 0.
    mutating func bool(_ value: Bool) { byte(value ? 1 : 0) }

    /// Appends a count of elements.
    mutating func count(_ value: Int) { word(UInt64(value)) }

    /// Appends a length-prefixed run of bytes.
    mutating func blob(_ value: [UInt8]) {
        count(value.count)
        value.withUnsafeBytes { bytes($0) }
    }

    /// Appends a presence byte, then the value if there is one.
    mutating func optional<T>(_ value: T?, _ write: (inout Self, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    /// Appends zeros up to the next multiple of ``WireFormat/alignment``.
    mutating func align() { zeros(WireFormat.padding(at: offset)) }

    /// Appends a count, alignment padding, then the elements' bytes in one copy.
    ///
    /// `T` is a plain number or a struct of them (`ComplexNumber`), never a reference.
    mutating func raw<T>(_ values: [T]) {
        count(values.count)
        align()
        values.withUnsafeBytes { bytes($0) }
    }

    /// Appends a count, then each element as `write` encodes it.
    mutating func sequence<Element>(_ elements: [Element], _ write: (inout Self, Element) -> Void) {
        count(elements.count)
        for element in elements { write(&self, element) }
    }

    /// Appends a count, then each value.
    mutating func values(_ values: [PythonValue]) {
        sequence(values) { $0.value($1) }
    }
}
