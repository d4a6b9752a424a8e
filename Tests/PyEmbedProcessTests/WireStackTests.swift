import PyEmbedProcess
import Testing

/// The decoder checks the thread's stack as it nests, so a message nested as
/// deep as the limits allow is refused on a small stack instead of overflowing it.
@Suite("wire format: stack use")
struct WireStackTests {
    /// `levels` frames, each holding the next in an object column (the
    /// deepest chain of calls per level the decoder has).
    private static func frameBomb(_ levels: Int) -> [UInt8] {
        var frame = PythonValue.none
        for _ in 0..<levels {
            let column = DataColumn(name: .none, dtype: "object", values: .objects([frame]))
            frame = .dataFrame(DataFrame(columns: [column], index: .range(start: 0, stop: 1, step: 1, name: .none)))
        }
        return WireFormat.encode(frame)
    }

    @Test func deepMessagesOnASmallStackAreRefusedNotOverflowed() {
        // Built and encoded on a large stack too: encoding recurses as deep.
        let frames = onThread(stack: largeStack) { Self.frameBomb(PythonValue.defaultDepthLimit) }
        let lists = message(Array(repeating: [9] + littleEndian(1), count: 50_000).flatMap { $0 } + [0])
        let unlimited = WireLimits(maxDepth: .max)
        for stack in [512 << 10, 256 << 10] {
            let outcomes = onThread(stack: stack) { () -> [WireFormatError.Reason?] in
                [frames, lists].map { (bytes: [UInt8]) -> WireFormatError.Reason? in
                    do throws(WireFormatError) {
                        _ = try WireFormat.decode(bytes, limits: unlimited)
                        return nil
                    } catch {
                        return error.reason
                    }
                }
            }
            for outcome in outcomes {
                guard case .stackExhausted = outcome else {
                    Issue.record("expected the stack check to refuse, got \(String(describing: outcome))")
                    continue
                }
            }
        }
    }

    @Test func theDefaultDepthDecodesOnALargeStack() {
        // Built and encoded on a large stack too: encoding recurses as deep.
        let frames = onThread(stack: largeStack) { Self.frameBomb(PythonValue.defaultDepthLimit) }
        let decoded = onThread(stack: largeStack) { () -> Bool in
            guard case .dataFrame = try? WireFormat.decode(frames) else { return false }
            return true
        }
        #expect(decoded)
    }
}
