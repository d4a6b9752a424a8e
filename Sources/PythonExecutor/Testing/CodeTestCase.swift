import Foundation

/// One generated program to test: it passes when it runs to its end without an
/// exception within the time limit (its asserts are the checks).
public struct CodeTestCase: Sendable, Hashable, Codable {
    /// The case's name in reports (a number in the JSON Lines file is read as its text).
    public var id: String
    /// A complete Python program.
    public var code: String
    /// This case's time limit in seconds, when it differs from the batch's (`"timeout"` in JSON).
    public var timeout: Double?

    /// Creates a case; `timeout` (seconds) overrides the batch's limit for this case.
    public init(id: String, code: String, timeout: Double? = nil) {
        self.id = id
        self.code = code
        self.timeout = timeout
    }

    enum CodingKeys: String, CodingKey { case id, code, timeout }

    /// Decodes `{"id": "…" or 12, "code": "…", "timeout": 2.5}` (`timeout` optional, positive).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let number = try? container.decode(Int.self, forKey: .id) {
            id = String(number)
        } else {
            id = try container.decode(String.self, forKey: .id)
        }
        code = try container.decode(String.self, forKey: .code)
        timeout = try container.decodeIfPresent(Double.self, forKey: .timeout)
        if let timeout, !(timeout > 0 && timeout.isFinite) {
            throw DecodingError.dataCorruptedError(forKey: .timeout, in: container, debugDescription: "timeout must be a positive number of seconds")
        }
    }

    /// Reads a JSON Lines file of cases (blank lines are skipped).
    ///
    /// - Throws: ``CodeTestError/malformedCase(line:reason:)`` naming the line.
    public static func read(jsonLines text: String) throws(CodeTestError) -> [CodeTestCase] {
        var cases: [CodeTestCase] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            do {
                cases.append(try JSONDecoder().decode(CodeTestCase.self, from: Data(line.utf8)))
            } catch {
                throw .malformedCase(line: index + 1, reason: "expected {\"id\": …, \"code\": \"…\", optional \"timeout\": seconds}: \(error)")
            }
        }
        return cases
    }
}
