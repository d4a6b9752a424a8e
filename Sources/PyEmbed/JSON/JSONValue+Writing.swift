import Foundation

extension JSONValue {
    /// The value as UTF-8 JSON text.
    ///
    /// Compact output has no spaces; pretty output indents by two spaces and
    /// is byte-for-byte what Python's `json.dumps(value, indent=2,
    /// ensure_ascii=False)` writes. Strings are escaped as Python escapes them
    /// (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other control characters as
    /// `\u00XX`); everything else, non-ASCII included, is written as is.
    public func data(prettyPrinted: Bool = false) -> Data {
        Data(bytes(prettyPrinted: prettyPrinted))
    }

    /// The value as JSON text; see ``data(prettyPrinted:)``.
    public func text(prettyPrinted: Bool = false) -> String {
        String(decoding: bytes(prettyPrinted: prettyPrinted), as: UTF8.self)
    }

    func bytes(prettyPrinted: Bool) -> [UInt8] {
        var writer = JSONWriter(pretty: prettyPrinted)
        writer.write(self, level: 0)
        return writer.output
    }
}

/// Writes ``JSONValue``s into a byte buffer.
private struct JSONWriter {
    let pretty: Bool
    var output: [UInt8] = []

    init(pretty: Bool) {
        self.pretty = pretty
        output.reserveCapacity(1_024)
    }

    mutating func write(_ value: JSONValue, level: Int) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case let .bool(flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case let .number(number): number.write(to: &output)
        case let .string(text): write(string: text)
        case let .array(items):
            guard !items.isEmpty else { return output.append(contentsOf: "[]".utf8) }
            output.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                separate(first: position == 0, level: level + 1)
                write(item, level: level + 1)
            }
            close(UInt8(ascii: "]"), level: level)
        case let .object(members):
            guard !members.isEmpty else { return output.append(contentsOf: "{}".utf8) }
            output.append(UInt8(ascii: "{"))
            for (position, member) in members.enumerated() {
                separate(first: position == 0, level: level + 1)
                write(string: member.key)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                write(member.value, level: level + 1)
            }
            close(UInt8(ascii: "}"), level: level)
        }
    }

    private mutating func separate(first: Bool, level: Int) {
        if !first { output.append(UInt8(ascii: ",")) }
        if pretty { newline(level) }
    }

    private mutating func close(_ bracket: UInt8, level: Int) {
        if pretty { newline(level) }
        output.append(bracket)
    }

    private mutating func newline(_ level: Int) {
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    /// A string in quotes. Escaping works on UTF-8 bytes: every byte that
    /// needs it is ASCII, and multi-byte sequences never contain ASCII bytes.
    private mutating func write(string: String) {
        output.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { bytes in
            var start = 0
            for (position, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                output.append(contentsOf: bytes[start..<position])
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
                case UInt8(ascii: "\n"): output.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): output.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): output.append(UInt8(ascii: "t"))
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    output.append(contentsOf: "u00".utf8)
                    output.append(hex[Int(byte >> 4)])
                    output.append(hex[Int(byte & 0xF)])
                }
                start = position + 1
            }
            output.append(contentsOf: bytes[start...])
        }
        output.append(UInt8(ascii: "\""))
    }
}
