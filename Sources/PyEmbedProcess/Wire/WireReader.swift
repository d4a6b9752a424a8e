/// A cursor over one untrusted message: every read is bounds-checked and
/// every claimed count is checked against the bytes left before anything is
/// allocated.
struct WireReader {
    private let bytes: UnsafeRawBufferPointer
    /// The next byte to read.
    private(set) var offset: Int
    /// The bounds for this message.
    let limits: WireLimits
    /// Elements the message may still claim (``WireLimits/maxElements``).
    private var elementBudget: Int
    /// The lowest stack address decoding may reach (the thread's stack end
    /// plus a margin; 0 when unknown), found at the first deep container.
    private var stackFloor: UInt?

    /// Starts reading `bytes` at offset 0.
    init(_ bytes: UnsafeRawBufferPointer, limits: WireLimits) {
        self.bytes = bytes
        self.offset = 0
        self.limits = limits
        self.elementBudget = max(0, limits.maxElements)
    }

    /// Bytes not yet read.
    var remaining: Int { bytes.count - offset }

    /// An error for the field starting at `position` (default: the next byte).
    func failure(_ reason: WireFormatError.Reason, at position: Int? = nil) -> WireFormatError {
        WireFormatError(reason, at: position ?? offset)
    }

    /// The next `count` bytes, consumed.
    mutating func take(_ count: Int) throws(WireFormatError) -> UnsafeRawBufferPointer {
        guard count <= remaining else { throw failure(.truncated(needed: count - remaining)) }
        let start = offset
        offset += count
        return UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
    }

    /// One byte.
    mutating func byte() throws(WireFormatError) -> UInt8 {
        try take(1)[0]
    }

    /// A little-endian 64-bit word.
    mutating func word() throws(WireFormatError) -> UInt64 {
        UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self))
    }

    /// A little-endian 16-bit word.
    mutating func halfWord() throws(WireFormatError) -> UInt16 {
        UInt16(littleEndian: try take(2).loadUnaligned(as: UInt16.self))
    }

    /// A 64-bit two's-complement integer that must fit in `Int`.
    mutating func int() throws(WireFormatError) -> Int {
        let start = offset
        let raw = Int64(bitPattern: try word())
        guard let value = Int(exactly: raw) else { throw failure(.integerOutOfRange(raw), at: start) }
        return value
    }

    /// IEEE 754 bits, NaN payload kept.
    mutating func double() throws(WireFormatError) -> Double {
        Double(bitPattern: try word())
    }

    /// A byte that must be 0 or 1.
    mutating func bool() throws(WireFormatError) -> Bool {
        let start = offset
        switch try byte() {
        case 0: return false
        case 1: return true
        case let other: throw failure(.invalidBoolean(other), at: start)
        }
    }

    /// A tag byte read as `Tag`; an unknown byte is an error naming `context`.
    mutating func tag<Tag: RawRepresentable<UInt8>>(_ type: Tag.Type, _ context: String) throws(WireFormatError) -> Tag {
        let start = offset
        let raw = try byte()
        guard let tag = Tag(rawValue: raw) else { throw failure(.unknownTag(raw, context: context), at: start) }
        return tag
    }

    /// A count of elements each taking at least `minimumBytes` bytes on the
    /// wire, checked against the bytes left and the element budget.
    mutating func count(minimumBytes: Int) throws(WireFormatError) -> Int {
        let start = offset
        let claimed = try word()
        return try admit(claimed, minimumBytes: minimumBytes, at: start)
    }

    /// Checks a claimed count against the bytes left and the budget, and spends the budget.
    private mutating func admit(_ claimed: UInt64, minimumBytes: Int, at start: Int) throws(WireFormatError) -> Int {
        let capacity = minimumBytes > 0 ? remaining / minimumBytes : Int.max
        guard claimed <= UInt64(capacity) else { throw failure(.countTooLarge(claimed: claimed, remainingBytes: remaining), at: start) }
        let count = Int(claimed)
        guard count <= elementBudget else { throw failure(.tooManyElements(limit: limits.maxElements), at: start) }
        elementBudget -= count
        return count
    }

    /// Skips zero padding up to the next multiple of ``WireFormat/alignment``.
    mutating func align() throws(WireFormatError) {
        let start = offset
        let padding = try take(WireFormat.padding(at: offset))
        guard padding.allSatisfy({ $0 == 0 }) else { throw failure(.nonZeroPadding, at: start) }
    }

    /// Length-prefixed UTF-8, rejected when not valid UTF-8.
    mutating func string() throws(WireFormatError) -> String {
        let start = offset
        let length = try word()
        guard length <= UInt64(remaining) else { throw failure(.countTooLarge(claimed: length, remainingBytes: remaining), at: start) }
        let utf8 = try take(Int(length))
        guard let text = String(validating: utf8, as: UTF8.self) else { throw failure(.invalidUTF8, at: start) }
        return text
    }

    /// A length-prefixed run of bytes.
    mutating func blob() throws(WireFormatError) -> [UInt8] {
        let start = offset
        let length = try word()
        guard length <= UInt64(remaining) else { throw failure(.countTooLarge(claimed: length, remainingBytes: remaining), at: start) }
        return Array(try take(Int(length)))
    }

    /// A count, then that many elements as `read` decodes them, each taking
    /// at least `minimumBytes` on the wire (checked before allocating).
    mutating func sequence<Element>(
        minimumBytes: Int, _ read: (inout WireReader) throws(WireFormatError) -> Element
    ) throws(WireFormatError) -> [Element] {
        let count = try count(minimumBytes: minimumBytes)
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try read(&self)) }
        return elements
    }

    /// A presence byte, then the value if present.
    mutating func optional<T>(_ read: (inout WireReader) throws(WireFormatError) -> T) throws(WireFormatError) -> T? {
        try bool() ? try read(&self) : nil
    }

    /// A count, padding, then `count` elements of `T` copied in one `memcpy`.
    ///
    /// `T` must be trivial and accept any bit pattern: integers, floats, pairs
    /// of floats (`ComplexNumber` is not `BitwiseCopyable` outside PyEmbed,
    /// so the constraint cannot be spelled).
    mutating func raw<T>(_ type: T.Type) throws(WireFormatError) -> [T] {
        let source = try rawBytes(stride: MemoryLayout<T>.stride)
        return Self.copy(source, as: T.self)
    }

    /// A count, padding, then booleans, each byte checked to be 0 or 1 before the copy.
    mutating func rawBools() throws(WireFormatError) -> [Bool] {
        let source = try rawBytes(stride: 1)
        if let wrong = source.firstIndex(where: { $0 > 1 }) {
            throw failure(.invalidBoolean(source[wrong]), at: offset - source.count + wrong)
        }
        return Self.copy(source, as: Bool.self)
    }

    /// The bytes of a raw run: count, padding, then `count × stride` bytes.
    private mutating func rawBytes(stride: Int) throws(WireFormatError) -> UnsafeRawBufferPointer {
        let start = offset
        let claimed = try word()
        try align()
        let count = try admit(claimed, minimumBytes: stride, at: start)
        return try take(count * stride)
    }

    private static func copy<T>(_ source: UnsafeRawBufferPointer, as type: T.Type) -> [T] {
        [T](copyingBytes: source)
    }

    /// The depth of the children of a container at `depth` that starts at
    /// `position`, or an error past ``WireLimits/maxDepth`` or when the
    /// thread's stack is nearly used up.
    mutating func enter(_ depth: Int, at position: Int) throws(WireFormatError) -> Int {
        guard depth < limits.maxDepth else { throw failure(.tooDeep(limit: limits.maxDepth), at: position) }
        if depth >= Self.shallowDepth {
            let floor = stackFloor ?? Self.findStackFloor()
            stackFloor = floor
            guard ThreadStack.currentAddress() > floor else { throw failure(.stackExhausted(depth: depth), at: position) }
        }
        return depth + 1
    }

    /// Containers nested at most this deep never look at the stack (most messages).
    private static let shallowDepth = 4
    /// Stack kept free below the deepest container: enough for the frames
    /// between two containers and the leaf work (allocation, UTF-8 checks) in
    /// an unoptimised build.
    private static let stackMargin: UInt = 64 << 10

    private static func findStackFloor() -> UInt {
        guard let lowest = ThreadStack.lowestAddress() else { return 0 }
        let (floor, overflow) = lowest.addingReportingOverflow(stackMargin)
        return overflow ? 0 : floor
    }
}
