import Foundation
import PyEmbed
import Testing

/// Numbers written straight into the JSON output read exactly as Python's `json.dumps` writes them.
@Suite("JSON numbers written directly")
struct JSONNumberWritingTests {
    @Test func doublesAndIntegersMatchPythonsJSONByteForByte() throws {
        var doubles: [Double] = [0, -0.0, 0.1, 1, -1.5, 1e-4, 1e-5, 123456.789, 1e15, 9999999999999998, 1e16, 1e17, 1e22, 1e23,
                                 0x1p53, 0x1p53 + 2, 0x1p53 - 1, 4.35e15, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            doubles.append(Double(bitPattern: generator.next() & ~(0x7FF << 52) | (UInt64.random(in: 900...1_150) << 52)))
            doubles.append(Double.random(in: -1e17...1e17))
        }
        let integers: [Int] = [0, -1, 7, Int.max, Int.min, 1 << 53, -(1 << 62)]
        let value = PythonValue.dict(PythonDictionary([
            .init(key: .string("d"), value: .list(doubles.map(PythonValue.float))),
            .init(key: .string("i"), value: .list(integers.map { .int(PythonInteger($0)) })),
            .init(key: .string("a"), value: .array(NDArray(doubles))),
        ]))
        let ours = try value.jsonString(prettyPrinted: true)
        let python = try python().withGIL { gil in
            try gil.run(
                "import json\ntext = json.dumps({'d': d, 'i': i, 'a': d}, indent=2, ensure_ascii=False)",
                inputs: ["d": doubles, "i": integers]
            ).value("text", as: String.self, gil)
        }
        #expect(ours == python)
    }
}
