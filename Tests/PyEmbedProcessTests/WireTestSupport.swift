import Foundation
import PyEmbedProcess
import Synchronization
import Testing

/// The one runtime every test shares (Python starts once per process).
func python() throws -> PythonRuntime {
    try PythonRuntime.start()
}

/// Runs `code` and returns the variable `name` converted to a `PythonValue`.
func evaluate(_ code: String, _ name: String = "x") throws -> PythonValue {
    try python().withGIL { gil throws(PyEmbedError) in
        try gil.run(code).value(name, as: PythonValue.self, gil)
    }
}

/// Encodes `value`, checks the size pass against the write pass, decodes,
/// and checks the result is the same value bit for bit; returns the encoding.
///
/// `==` follows IEEE for NaN (and skips ``PythonRecord/text``), so sameness is
/// checked by encoding the decoded value again: floats travel as their bits,
/// so equal encodings mean identical values. `==` against the original is
/// checked too when the value has no NaN, which shows as two separate decodes
/// comparing equal (`value == value` would not tell: arrays sharing one
/// buffer compare equal without looking at their elements).
@discardableResult
func expectRoundTrip(_ value: PythonValue, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8] {
    let (bytes, problem) = roundTripProblem(value)
    #expect(problem == nil, sourceLocation: sourceLocation)
    return bytes
}

/// The encoding of `value` and what went wrong in ``expectRoundTrip(_:sourceLocation:)``'s
/// checks, if anything (for threads where no test is current to record an issue).
func roundTripProblem(_ value: PythonValue) -> (bytes: [UInt8], problem: String?) {
    let bytes = WireFormat.encode(value)
    guard bytes.count == WireFormat.encodedSize(of: value) else { return (bytes, "size pass and write pass disagree") }
    do {
        let decoded = try WireFormat.decode(bytes)
        guard WireFormat.encode(decoded) == bytes else { return (bytes, "decoded value differs from \(value)") }
        if try WireFormat.decode(bytes) == decoded, decoded != value {
            return (bytes, "decoded value is not == \(value)")
        }
        return (bytes, nil)
    } catch {
        return (bytes, "decoding failed: \(error)")
    }
}

/// A value of `depth` nested lists around `None` (depth 0 is `None` itself).
func nestedLists(_ depth: Int) -> PythonValue {
    var value = PythonValue.none
    for _ in 0..<depth { value = .list([value]) }
    return value
}

/// A deterministic generator (SplitMix64), so every fuzz run sees the same inputs.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// A message for `body` bytes, with a correct header (for hand-made bodies).
func message(_ body: [UInt8]) -> [UInt8] {
    WireFormat.magic + [UInt8(WireFormat.version & 0xFF), UInt8(WireFormat.version >> 8), 0, 0] + littleEndian(UInt64(body.count)) + body
}

/// The eight little-endian bytes of `value`.
func littleEndian(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

/// The `WireFormatError` decoding `bytes` throws, or a test failure if it decodes.
func decodingError(
    _ bytes: [UInt8], limits: WireLimits = WireLimits(), sourceLocation: SourceLocation = #_sourceLocation
) -> WireFormatError? {
    do {
        let value = try WireFormat.decode(bytes, limits: limits)
        Issue.record("expected a WireFormatError, decoded \(value)", sourceLocation: sourceLocation)
    } catch {
        return error
    }
    return nil
}

/// The stack deep-nesting tests run on: unoptimised builds use several KiB per
/// level, more than the 512 KiB secondary threads some platforms give.
let largeStack = 8 << 20

/// Runs `body` on a new thread with a stack of `bytes` and waits for it.
@discardableResult
func onThread<T: Sendable>(stack bytes: Int, _ body: @escaping @Sendable () -> T) -> T {
    let result = Mutex<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        let value = body()
        result.withLock { $0 = value }
        done.signal()
    }
    thread.stackSize = bytes
    thread.start()
    done.wait()
    // The thread stored a value before signalling.
    return result.withLock { $0 }!
}
