import PyEmbedProcess
import Testing

/// Mutated encodings: every one must decode or throw `WireFormatError`; a
/// crash, trap or hang fails the whole run, so passing at all is the proof.
@Suite("wire format: fuzzing the decoder")
struct WireFuzzTests {
    /// Counts of outcomes, to show the mutations reach past the header.
    private struct Outcomes {
        var decoded = 0
        var refused = 0
        var refusedInBody = 0
        var total: Int { decoded + refused }

        /// Decodes `bytes`; a value that decodes must survive another round trip.
        mutating func decode(_ bytes: [UInt8], limits: WireLimits = WireLimits()) {
            do {
                let value = try WireFormat.decode(bytes, limits: limits)
                decoded += 1
                let again = WireFormat.encode(value)
                #expect(again.count == WireFormat.encodedSize(of: value))
                #expect((try? WireFormat.decode(again)).map(WireFormat.encode) == again)
            } catch {
                refused += 1
                if error.offset >= WireFormat.headerSize { refusedInBody += 1 }
            }
        }
    }

    /// `bytes` with the header's body length set to what follows the header,
    /// so the mutation reaches the value decoder instead of failing the length check.
    private func withFixedLength(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= WireFormat.headerSize else { return bytes }
        var fixed = bytes
        fixed.replaceSubrange(8..<16, with: littleEndian(UInt64(bytes.count - WireFormat.headerSize)))
        return fixed
    }

    private var seeds: [[UInt8]] { WireSamples.seeds.map(WireFormat.encode) }

    @Test func truncationsAtEveryLength() {
        var outcomes = Outcomes()
        for seed in seeds where seed.count <= 600 {
            for length in 0..<seed.count {
                let prefix = Array(seed.prefix(length))
                outcomes.decode(prefix)
                outcomes.decode(withFixedLength(prefix))
            }
        }
        #expect(outcomes.decoded == 0, "a strict prefix of a message never decodes")
        #expect(outcomes.total >= 5_000)
    }

    @Test func randomByteFlipsInsertionsDeletionsAndHugeCounts() {
        var random = SeededGenerator(seed: 0x5EED_0F_F422)
        let seeds = self.seeds
        let hugeCounts: [UInt64] = [1 << 60, UInt64.max, UInt64(Int.max), UInt64(Int.max) + 1, 1 << 32, 1 << 31, 65, 1_000_000]
        var outcomes = Outcomes()
        for round in 0..<12_000 {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &random)]
            let body = WireFormat.headerSize..<bytes.count
            switch round % 4 {
            case 0:
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    bytes[Int.random(in: body, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            case 1:
                let position = Int.random(in: body, using: &random)
                if Bool.random(using: &random) {
                    bytes.insert(contentsOf: (0..<Int.random(in: 1...9, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) },
                                 at: position)
                } else {
                    bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...9, using: &random)))
                }
            case 2:
                // Messages too short for a count field (`None`, `True`) go through unchanged.
                if bytes.count >= WireFormat.headerSize + 8 {
                    let position = Int.random(in: WireFormat.headerSize...(bytes.count - 8), using: &random)
                    let count = hugeCounts[Int.random(in: 0..<hugeCounts.count, using: &random)]
                    bytes.replaceSubrange(position..<(position + 8), with: littleEndian(count))
                }
            default:
                let bit = Int.random(in: 0..<(body.count * 8), using: &random)
                bytes[WireFormat.headerSize + bit / 8] ^= 1 << UInt8(bit % 8)
            }
            outcomes.decode(Bool.random(using: &random) ? withFixedLength(bytes) : bytes)
        }
        #expect(outcomes.total == 12_000)
        #expect(outcomes.refusedInBody > 3_000, "mutations reach the value decoder")
        #expect(outcomes.decoded > 100, "some mutations are still valid messages")
    }

    @Test func randomGarbage() {
        var random = SeededGenerator(seed: 42)
        var outcomes = Outcomes()
        for round in 0..<4_000 {
            let length = Int.random(in: 0...200, using: &random)
            let garbage = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            // Half behind a valid header, so the garbage is parsed as a value; tags are mostly small numbers.
            let body = round % 2 == 0 ? garbage : garbage.map { $0 % 32 }
            outcomes.decode(round % 4 < 2 ? message(body) : garbage, limits: WireLimits(maxDepth: 64, maxElements: 10_000))
        }
        #expect(outcomes.total == 4_000)
    }

    @Test func lowLimitsRefuseCleanly() {
        var outcomes = Outcomes()
        let limits = WireLimits(maxDepth: 2, maxMessageBytes: 4_096, maxElements: 8)
        for seed in seeds { outcomes.decode(seed, limits: limits) }
        #expect(outcomes.refused > 0 && outcomes.decoded > 0)
    }
}
