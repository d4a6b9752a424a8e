/// A ``WireSink`` that writes nothing and counts the bytes an encoding takes.
struct WireCounter: WireSink {
    private(set) var offset = 0

    mutating func byte(_ value: UInt8) { offset += 1 }
    mutating func word(_ value: UInt64) { offset += 8 }
    mutating func bytes(_ source: UnsafeRawBufferPointer) { offset += source.count }
    mutating func zeros(_ count: Int) { offset += count }
    mutating func string(_ text: String) { offset += 8 + text.utf8.count }
}
