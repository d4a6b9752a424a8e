import Crypto
import Foundation

/// Binds a pending approval to the exact code shown, the folder it waits in,
/// its `context.json` and every other field of the pending record (retries,
/// what the reviewer is shown): an HMAC-SHA256 under the per-user
/// ``ApprovalKey``, which no execution folder holds. Whoever edits the pending
/// file cannot recompute it.
enum ApprovalSeal {
    /// The SHA-256 of `code`'s UTF-8 bytes, as 64 lowercase hexadecimal digits (what people compare).
    static func digest(of code: String) -> String {
        hex(SHA256.hash(data: Data(code.utf8)))
    }

    /// The seal over the folder's identity, the code, the context bytes and the rest of the record.
    static func seal(code: String, folder: String, context: Data?, record: Data, key: ApprovalKey) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: message(code: code, folder: folder, context: context, record: record), using: key.key))
    }

    /// Whether `seal` is the seal of these inputs (compared in constant time).
    static func verify(_ seal: String, code: String, folder: String, context: Data?, record: Data, key: ApprovalKey) -> Bool {
        guard let bytes = bytes(ofHex: seal) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            bytes, authenticating: message(code: code, folder: folder, context: context, record: record), using: key.key)
    }

    /// `digest` in lowercase, or `nil` when it is not 64 hexadecimal digits.
    static func normalizedDigest(_ digest: String) -> String? {
        let lower = digest.trimmingCharacters(in: .whitespaces).lowercased()
        return lower.count == 64 && lower.allSatisfy(\.isHexDigit) ? lower : nil
    }

    /// Length-prefixed fields, so no two different inputs give the same message.
    private static func message(code: String, folder: String, context: Data?, record: Data) -> Data {
        var message = Data("pyexec-approval-v2".utf8)
        for field in [Data(folder.utf8), Data(code.utf8), context ?? Data(), record] {
            withUnsafeBytes(of: UInt64(field.count).bigEndian) { message.append(contentsOf: $0) }
            message.append(field)
        }
        message.append(context == nil ? 0 : 1)
        return message
    }

    private static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    private static func bytes(ofHex text: String) -> [UInt8]? {
        guard let text = normalizedDigest(text) else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

extension ApprovalRequest {
    /// The SHA-256 of ``code``'s UTF-8 bytes, as 64 lowercase hexadecimal digits:
    /// what a reviewer compares and approves.
    public var codeSHA256: String { ApprovalSeal.digest(of: code) }
}
