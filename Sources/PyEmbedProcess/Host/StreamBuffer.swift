/// The bytes a run wrote to one stream: kept up to a limit, counted beyond it.
struct StreamBuffer: Sendable {
    let limit: Int
    private(set) var kept: [UInt8] = []
    private(set) var total = 0
    /// The tail of an unfinished UTF-8 sequence, held back from streaming.
    private var pending: [UInt8] = []

    init(limit: Int) {
        self.limit = max(limit, 0)
    }

    /// Adds bytes read from the stream; returns the text to stream now (whole UTF-8 sequences).
    mutating func append(_ bytes: UnsafeRawBufferPointer) -> String {
        total += bytes.count
        let room = limit - kept.count
        if room > 0 { kept.append(contentsOf: bytes.prefix(room)) }
        pending.append(contentsOf: bytes)
        let cut = Self.completePrefixLength(pending)
        defer { pending.removeFirst(cut) }
        return String(decoding: pending[..<cut], as: UTF8.self)
    }

    /// What is left unstreamed at the end of the stream.
    mutating func flush() -> String {
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The kept text, with a note when bytes were dropped.
    var text: String {
        let body = String(decoding: kept, as: UTF8.self)
        guard total > kept.count else { return body }
        return body + "\n[output truncated: \(total) bytes written, the first \(kept.count) kept]\n"
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
