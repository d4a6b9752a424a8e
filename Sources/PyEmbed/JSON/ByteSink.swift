/// Appends numbers' text to a byte buffer with no `String` in between.
///
/// `Double.write(to:)` hands its digits to ``_writeASCII(_:)``, which copies
/// them straight into ``bytes`` (the default implementation would build a
/// `String` first, a heap allocation for texts over 15 bytes).
struct ByteSink: TextOutputStream {
    var bytes: [UInt8] = []

    mutating func write(_ string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: buffer)
    }

    /// Runs `body` with a sink that appends to `output`.
    static func appending(to output: inout [UInt8], _ body: (inout ByteSink) -> Void) {
        var sink = ByteSink()
        swap(&sink.bytes, &output)
        body(&sink)
        swap(&sink.bytes, &output)
    }
}

/// Integers' decimal digits, appended to a byte buffer.
enum IntegerDigits {
    static func append(_ value: Int64, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            output.append(contentsOf: buffer[(24 - count)...])
        }
    }
}
