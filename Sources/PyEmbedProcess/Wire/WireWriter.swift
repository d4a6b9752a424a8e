/// A ``WireSink`` that writes into caller-provided memory (a mapped file, an array).
struct WireWriter: WireSink {
    private let buffer: UnsafeMutableRawBufferPointer
    private(set) var offset = 0

    /// Writes from the start of `buffer`, which must hold the whole encoding.
    init(_ buffer: UnsafeMutableRawBufferPointer) {
        self.buffer = buffer
    }

    /// The address of the next `count` bytes, after checking they are inside the buffer.
    private mutating func claim(_ count: Int) -> UnsafeMutableRawPointer {
        precondition(count <= buffer.count - offset, "WireFormat.encode: buffer smaller than encodedSize(of:)")
        let start = buffer.baseAddress! + offset
        offset += count
        return start
    }

    mutating func byte(_ value: UInt8) {
        claim(1).storeBytes(of: value, as: UInt8.self)
    }

    mutating func word(_ value: UInt64) {
        claim(8).storeBytes(of: value.littleEndian, as: UInt64.self)
    }

    mutating func bytes(_ source: UnsafeRawBufferPointer) {
        guard let base = source.baseAddress, source.count > 0 else { return }
        claim(source.count).copyMemory(from: base, byteCount: source.count)
    }

    mutating func zeros(_ count: Int) {
        guard count > 0 else { return }
        claim(count).initializeMemory(as: UInt8.self, repeating: 0, count: count)
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            count(utf8.count)
            bytes(UnsafeRawBufferPointer(utf8))
        }
    }

    /// Overwrites the word at `position`, already written (the header's body length).
    mutating func patchWord(_ value: UInt64, at position: Int) {
        precondition(position >= 0 && position + 8 <= offset)
        (buffer.baseAddress! + position).storeBytes(of: value.littleEndian, as: UInt64.self)
    }
}
