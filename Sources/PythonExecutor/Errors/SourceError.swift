/// Source code that is refused before any analysis: too large, or not text in its declared encoding.
public enum SourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The source has at least `bytes` bytes, more than the `limit` of `python_executor.max_source_bytes`
    /// (a stream is not read past the limit, so `bytes` may be less than its full size).
    case tooLarge(bytes: Int, limit: Int)
    /// The bytes are not valid in `encoding`; `offset` is the first bad byte (0-based).
    case undecodable(encoding: String, offset: Int, reason: String)
    /// The PEP 263 coding declaration names no codec Python knows, or contradicts a UTF-8 BOM.
    case badDeclaration(String)

    /// One line: what, where, and what to do.
    public var description: String {
        switch self {
        case let .tooLarge(bytes, limit):
            return "the source has \(bytes) bytes or more, over python_executor.max_source_bytes (\(limit)); shorten it or raise the limit"
        case let .undecodable(encoding, offset, reason):
            return "the source is not valid \(encoding) at byte offset \(offset) (\(reason)); save it as UTF-8 or declare its encoding (# -*- coding: NAME -*-) on line 1 or 2"
        case let .badDeclaration(message):
            return "the source's encoding declaration is unusable: \(message)"
        }
    }
}
