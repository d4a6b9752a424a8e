/// Bounds a decoder enforces on one untrusted message.
///
/// The defaults accept anything PyEmbed's own conversion produces; lower
/// them to cap what a misbehaving worker can make the host allocate.
public struct WireLimits: Sendable, Hashable {
    /// The deepest nesting of containers (lists, dicts, object arrays, frames,
    /// records, …), counted as PyEmbed's conversion counts it.
    public var maxDepth: Int
    /// The largest message, header included, in bytes.
    public var maxMessageBytes: Int
    /// The most elements (container items, array elements, column values)
    /// one message may claim in total; a string or byte string counts once.
    public var maxElements: Int

    /// Creates limits; each default is generous enough for any real result.
    public init(
        maxDepth: Int = PythonValue.defaultDepthLimit,
        maxMessageBytes: Int = Int(clamping: Int64(1) << 40),
        maxElements: Int = Int(clamping: Int64(1) << 36)
    ) {
        self.maxDepth = maxDepth
        self.maxMessageBytes = maxMessageBytes
        self.maxElements = maxElements
    }
}
