import Foundation
import PyEmbed

/// Turns the bytes of a Python source file into text the way Python does
/// (PEP 263 and `tokenize.detect_encoding`): a UTF-8 byte-order mark, or a
/// `coding[:=]NAME` comment on line 1 (or line 2 when line 1 is blank or a
/// comment), else UTF-8. Nothing is replaced: bytes that are not valid in the
/// encoding are an error naming the first bad byte's offset.
public enum PythonSourceDecoder {
    /// The UTF-8 byte-order mark.
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The source text of `bytes`.
    ///
    /// UTF-8 is decoded here; any other declared encoding by the embedded
    /// Python's codec of that name, so every codec Python knows works as in Python.
    /// - Parameter runtime: the embedded Python, asked for only when another
    ///   encoding than UTF-8 is declared.
    /// - Throws: ``PythonExecutorError/source(_:)`` with
    ///   ``SourceError/undecodable(encoding:offset:reason:)`` or ``SourceError/badDeclaration(_:)``.
    public static func decode(
        _ bytes: [UInt8], runtime: () throws(PyEmbedError) -> PythonRuntime
    ) throws(PythonExecutorError) -> String {
        do throws(SourceError) {
            let (encoding, start) = try declaredEncoding(bytes)
            if encoding == "utf-8" { return try utf8(bytes, from: start) }
            let python: PythonRuntime
            do { python = try runtime() } catch { throw SourceError.badDeclaration("Python, which decodes \(encoding), could not start: \(error)") }
            return try decode(bytes, encoding: encoding, runtime: python)
        } catch {
            throw .source(error)
        }
    }

    /// The encoding the bytes declare (`utf-8` when none) and where the text starts (after a BOM).
    static func declaredEncoding(_ bytes: [UInt8]) throws(SourceError) -> (encoding: String, start: Int) {
        let hasBOM = bytes.starts(with: bom)
        let start = hasBOM ? bom.count : 0
        let first = line(bytes, from: start)
        guard !first.isEmpty else { return ("utf-8", start) }
        if let encoding = try cookie(first, hasBOM: hasBOM) { return (encoding, start) }
        guard isBlankOrComment(first) else { return ("utf-8", start) }
        let second = line(bytes, from: start + first.count)
        guard !second.isEmpty, let encoding = try cookie(second, hasBOM: hasBOM) else { return ("utf-8", start) }
        return (encoding, start)
    }

    /// The line starting at `offset`, with its `\n` (as `readline` gives it).
    private static func line(_ bytes: [UInt8], from offset: Int) -> ArraySlice<UInt8> {
        guard offset < bytes.count else { return [] }
        let end = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.count
        return bytes[offset..<end]
    }

    /// `^[ \t\f]*(?:[#\r\n]|$)`: a line that cannot hold code.
    private static func isBlankOrComment(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.first(where: { !isSpace($0) }) else { return true }
        return first == UInt8(ascii: "#") || first == UInt8(ascii: "\r") || first == UInt8(ascii: "\n")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0C
    }

    /// The encoding a line declares (`^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`, ASCII), normalised as Python does.
    private static func cookie(_ line: ArraySlice<UInt8>, hasBOM: Bool) throws(SourceError) -> String? {
        // Matched on the bytes, as CPython's tokenizer does: the rest of the line may be in the declared encoding.
        let bytes = Array(line)
        guard let hash = bytes.firstIndex(where: { !isSpace($0) }), bytes[hash] == UInt8(ascii: "#") else { return nil }
        let word = Array("coding".utf8)
        var index = hash + 1
        while index + word.count < bytes.count, bytes[index] != UInt8(ascii: "\n") {
            defer { index += 1 }
            let separator = bytes[index + word.count]
            guard bytes[index..<index + word.count].elementsEqual(word), separator == UInt8(ascii: ":") || separator == UInt8(ascii: "=") else { continue }
            var nameStart = index + word.count + 1
            while nameStart < bytes.count, bytes[nameStart] == UInt8(ascii: " ") || bytes[nameStart] == UInt8(ascii: "\t") { nameStart += 1 }
            var nameEnd = nameStart
            while nameEnd < bytes.count, isNameByte(bytes[nameEnd]) { nameEnd += 1 }
            guard nameEnd > nameStart else { continue }
            let encoding = normalName(String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self))
            if hasBOM, encoding != "utf-8" { throw .badDeclaration("a UTF-8 byte-order mark with the declaration \(encoding)") }
            return encoding
        }
        return nil
    }

    /// `[-\w.]` in ASCII mode.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// `tokenize._get_normal_name`: the spellings of UTF-8 and Latin-1 made canonical.
    static func normalName(_ name: String) -> String {
        let short = String(name.prefix(12)).lowercased().replacingOccurrences(of: "_", with: "-")
        if short == "utf-8" || short.hasPrefix("utf-8-") { return "utf-8" }
        let latin = ["latin-1", "iso-8859-1", "iso-latin-1"]
        if latin.contains(short) || latin.contains(where: { short.hasPrefix($0 + "-") }) { return "iso-8859-1" }
        return name
    }

    /// Strict UTF-8 from `start`, or the offset of the first byte that is not.
    static func utf8(_ bytes: [UInt8], from start: Int) throws(SourceError) -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes[start...].makeIterator()
        var offset = start
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(scalar): offset += scalar.count
            case .error:
                let byte = String(format: "0x%02x", bytes[offset])
                throw .undecodable(encoding: "UTF-8", offset: offset, reason: "byte \(byte) does not start a valid UTF-8 sequence here")
            case .emptyInput:
                return String(decoding: bytes[start...], as: UTF8.self)
            }
        }
    }

    /// `bytes.decode(encoding)` in the embedded Python.
    private static func decode(_ bytes: [UInt8], encoding: String, runtime: PythonRuntime) throws(SourceError) -> String {
        let outcome: (text: String?, offset: Int?, reason: String?)
        do {
            outcome = try runtime.withGIL { gil in
                let output = try gil.run(
                    """
                    import codecs
                    codecs.lookup(encoding)
                    try:
                        text, start, reason = data.decode(encoding), None, None
                    except UnicodeDecodeError as error:
                        text, start, reason = None, error.start, error.reason
                    """, inputs: ["data": PythonValue.bytes(bytes), "encoding": encoding])
                return (
                    try output.value("text", as: String?.self, gil), try output.value("start", as: Int?.self, gil),
                    try output.value("reason", as: String?.self, gil))
            }
        } catch let PyEmbedError.exception(exception) where exception.typeName == "LookupError" {
            throw .badDeclaration("unknown encoding: \(encoding)")
        } catch {
            throw .badDeclaration("the encoding \(encoding) could not be used: \(error)")
        }
        if let text = outcome.text { return text }
        throw .undecodable(encoding: encoding, offset: outcome.offset ?? 0, reason: outcome.reason ?? "invalid data")
    }
}
