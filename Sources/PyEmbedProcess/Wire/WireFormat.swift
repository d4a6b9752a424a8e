/// Encodes values in the process tier's wire format (Documentation/WireFormat.md).
///
/// A message is a 16-byte header (magic, version, flags, body length) and one
/// ``PythonValue``. Encoding runs twice over the value, once to measure and
/// once to write, so a worker can write straight into a mapped file; numeric
/// arrays go out as raw little-endian bytes, 8-byte aligned within the message.
/// Decoding treats the bytes as hostile: it checks every count, tag, string
/// and array invariant and throws ``WireFormatError`` instead of trapping.
public enum WireFormat {
    /// The format version, written in the header; decoders read only this version.
    public static let version: UInt16 = 3
    /// The first four bytes of every message: `PYWF`.
    public static let magic: [UInt8] = [0x50, 0x59, 0x57, 0x46]
    /// Bytes before the value: magic, version, flags, body length.
    public static let headerSize = 16
    /// Raw numeric runs start at a multiple of this many bytes from the message start.
    public static let alignment = 8
    /// The most dimensions an array may have (numpy's own limit).
    public static let maxDimensions = 64

    /// Bytes `encode(_:into:)` will write for `value` (exact).
    ///
    /// - Complexity: O(*n*) in the number of values; arrays count in O(1).
    public static func encodedSize(of value: PythonValue) -> Int {
        var counter = WireCounter()
        counter.zeros(headerSize)
        counter.value(value)
        return counter.offset
    }

    /// Writes header + value into `buffer` (which has at least encodedSize bytes); returns bytes written.
    ///
    /// - Precondition: `buffer.count >= encodedSize(of: value)`.
    public static func encode(_ value: PythonValue, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var writer = WireWriter(buffer)
        magic.withUnsafeBytes { writer.bytes($0) }
        writer.byte(UInt8(truncatingIfNeeded: version))
        writer.byte(UInt8(truncatingIfNeeded: version >> 8))
        writer.zeros(2)  // flags, reserved
        writer.word(0)  // body length, patched below
        writer.value(value)
        writer.patchWord(UInt64(writer.offset - headerSize), at: 8)
        return writer.offset
    }

    /// Convenience: encode into a fresh [UInt8].
    public static func encode(_ value: PythonValue) -> [UInt8] {
        let size = encodedSize(of: value)
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = encode(value, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// Decodes one message; the bytes are untrusted (come from a process running hostile code).
    ///
    /// - Throws: ``WireFormatError`` naming what was wrong and the byte offset
    ///   where the offending field starts.
    public static func decode(_ bytes: UnsafeRawBufferPointer, limits: WireLimits = WireLimits()) throws(WireFormatError) -> PythonValue {
        guard bytes.count <= limits.maxMessageBytes else {
            throw WireFormatError(.messageTooLarge(bytes: bytes.count, limit: limits.maxMessageBytes), at: 0)
        }
        var reader = WireReader(bytes, limits: limits)
        try reader.header()
        let value = try reader.value(depth: 0)
        guard reader.remaining == 0 else { throw reader.failure(.trailingBytes(count: reader.remaining)) }
        return value
    }

    /// Decodes one message held in an array.
    public static func decode(_ bytes: [UInt8], limits: WireLimits = WireLimits()) throws(WireFormatError) -> PythonValue {
        // `withUnsafeBytes` rethrows untyped errors; carrying a Result keeps the type.
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(WireFormatError) -> PythonValue in try decode(buffer, limits: limits) }
        }
        return try result.get()
    }

    /// Zero bytes needed at `offset` to reach the next multiple of ``alignment``.
    static func padding(at offset: Int) -> Int {
        (alignment - offset % alignment) % alignment
    }
}

extension WireReader {
    /// Checks the header: magic, version, flags, and that the body length is the rest of the bytes.
    mutating func header() throws(WireFormatError) {
        guard try take(4).elementsEqual(WireFormat.magic) else { throw failure(.badMagic, at: 0) }
        let version = try halfWord()
        guard version == WireFormat.version else { throw failure(.unsupportedVersion(version), at: 4) }
        let flags = try halfWord()
        guard flags == 0 else { throw failure(.unsupportedFlags(flags), at: 6) }
        let length = try word()
        guard length == UInt64(remaining) else { throw failure(.lengthMismatch(declared: length, actual: remaining), at: 8) }
    }
}

#if _endian(big)
#error("The wire format is little-endian and copies numeric arrays as they are in memory; big-endian hosts are not supported.")
#endif
