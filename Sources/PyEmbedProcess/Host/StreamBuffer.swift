import PyEmbed

/// The bytes a run wrote to one stream: kept up to a limit, counted beyond it,
/// so a run that prints without end holds at most `limit` bytes of the host's memory.
public struct StreamBuffer: Sendable {
    /// The most bytes kept.
    public let limit: Int
    private(set) var kept: [UInt8] = []
    /// The bytes written in all, kept or not.
    public private(set) var total = 0
    /// The tail of an unfinished UTF-8 sequence, held back from streaming.
    private var pending: [UInt8] = []

    /// An empty buffer that keeps at most `limit` bytes (a negative limit keeps none).
    public init(limit: Int) {
        self.limit = max(limit, 0)
    }

    /// Adds bytes read from the stream; returns the text to stream now (whole UTF-8 sequences).
    mutating func append(_ bytes: UnsafeRawBufferPointer) -> String {
        keep(bytes)
        pending.append(contentsOf: bytes)
        let cut = Self.completePrefixLength(pending)
        defer { pending.removeFirst(cut) }
        return String(decoding: pending[..<cut], as: UTF8.self)
    }

    /// Adds text that arrived whole (a kernel's stream message), counted by its UTF-8 bytes.
    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { keep(UnsafeRawBufferPointer($0)) }
    }

    private mutating func keep(_ bytes: UnsafeRawBufferPointer) {
        total += bytes.count
        let room = limit - kept.count
        if room > 0 { kept.append(contentsOf: bytes.prefix(room)) }
    }

    /// What is left unstreamed at the end of the stream.
    mutating func flush() -> String {
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The kept text, ending with ``OutputTruncation``'s note when bytes were dropped.
    public var text: String {
        let body = String(decoding: kept, as: UTF8.self)
        guard total > kept.count else { return body }
        return body + OutputTruncation.note(written: total, kept: kept.count, limit: limit, unit: .bytes)
    }

    /// The length of `bytes` without a trailing UTF-8 sequence that is not finished yet.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        guard !bytes.isEmpty else { return 0 }
        var start = bytes.count
        for back in 1...min(4, bytes.count) {
            let byte = bytes[bytes.count - back]
            guard byte & 0xC0 == 0x80 else { start = bytes.count - back; break }
        }
        guard start < bytes.count else { return bytes.count }
        let lead = bytes[start]
        let needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return bytes.count - start < needed ? start : bytes.count
    }
}
