/// A message that could not be decoded: what was wrong and at which byte.
public struct WireFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Sendable, Hashable {
        /// The message ends inside a field that needs `needed` more bytes.
        case truncated(needed: Int)
        /// The first four bytes are not the format's magic.
        case badMagic
        /// The header names a version this decoder does not read.
        case unsupportedVersion(UInt16)
        /// Reserved header flags are set.
        case unsupportedFlags(UInt16)
        /// The header's body length disagrees with the bytes given.
        case lengthMismatch(declared: UInt64, actual: Int)
        /// The message is longer than ``WireLimits/maxMessageBytes``.
        case messageTooLarge(bytes: Int, limit: Int)
        /// Bytes remain after the value.
        case trailingBytes(count: Int)
        /// A tag byte that names no case in `context` (`value`, `storage`, …).
        case unknownTag(UInt8, context: String)
        /// A count larger than the rest of the message could hold.
        case countTooLarge(claimed: UInt64, remainingBytes: Int)
        /// More elements in total than ``WireLimits/maxElements``.
        case tooManyElements(limit: Int)
        /// Containers nested deeper than ``WireLimits/maxDepth``.
        case tooDeep(limit: Int)
        /// Containers nested `depth` deep used up the decoding thread's stack
        /// (decode on a thread with a larger stack, or lower the depth limit).
        case stackExhausted(depth: Int)
        /// A string that is not valid UTF-8.
        case invalidUTF8
        /// A boolean or flag byte other than 0 or 1.
        case invalidBoolean(UInt8)
        /// Alignment padding that is not zero.
        case nonZeroPadding
        /// A 64-bit integer that does not fit in `Int` on this platform.
        case integerOutOfRange(Int64)
        /// An array dimension below zero.
        case negativeDimension(Int)
        /// The product of an array's shape does not fit in `Int`.
        case shapeOverflow
        /// An array's storage holds another number of elements than its shape.
        case shapeMismatch(expected: Int, actual: Int)
        /// An array's dtype family does not match its storage case.
        case dtypeMismatch(dtype: String, storage: String)
        /// More array dimensions than numpy allows.
        case tooManyDimensions(Int, limit: Int)
    }

    /// What was wrong.
    public var reason: Reason
    /// The byte offset in the message where the offending field starts.
    public var offset: Int

    /// Creates an error.
    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// The reason and the offset, in words.
    public var description: String {
        "wire format: \(reasonText) at byte \(offset)"
    }

    private var reasonText: String {
        switch reason {
        case let .truncated(needed): return "message ends \(needed) byte(s) short"
        case .badMagic: return "not a PyEmbed wire message (bad magic)"
        case let .unsupportedVersion(version): return "unsupported format version \(version) (this reader reads \(WireFormat.version))"
        case let .unsupportedFlags(flags): return "reserved header flags set (\(flags))"
        case let .lengthMismatch(declared, actual): return "header declares a \(declared)-byte body but \(actual) byte(s) follow"
        case let .messageTooLarge(bytes, limit): return "message of \(bytes) bytes exceeds the \(limit)-byte limit"
        case let .trailingBytes(count): return "\(count) byte(s) after the value"
        case let .unknownTag(tag, context): return "unknown \(context) tag \(tag)"
        case let .countTooLarge(claimed, remaining): return "count \(claimed) cannot fit in the \(remaining) remaining byte(s)"
        case let .tooManyElements(limit): return "more than \(limit) elements in one message"
        case let .tooDeep(limit): return "containers nested deeper than \(limit)"
        case let .stackExhausted(depth): return "containers nested \(depth) deep use up this thread's stack (decode on a thread with a larger stack)"
        case .invalidUTF8: return "string is not valid UTF-8"
        case let .invalidBoolean(byte): return "boolean byte \(byte) (expected 0 or 1)"
        case .nonZeroPadding: return "alignment padding is not zero"
        case let .integerOutOfRange(value): return "integer \(value) does not fit in Int"
        case let .negativeDimension(length): return "array dimension \(length) is negative"
        case .shapeOverflow: return "array shape's element count overflows"
        case let .shapeMismatch(expected, actual): return "array storage holds \(actual) element(s), shape needs \(expected)"
        case let .dtypeMismatch(dtype, storage): return "dtype \(dtype) does not match \(storage) storage"
        case let .tooManyDimensions(count, limit): return "\(count) array dimensions (at most \(limit))"
        }
    }
}
