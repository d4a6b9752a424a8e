/// The note that ends captured output a limit cut short, the same in every tier
/// (in-process runs count characters; worker and kernel runs count bytes).
public enum OutputTruncation {
    /// What an output limit counts.
    public enum Unit: String, Sendable {
        /// Characters of text (in-process runs cap before encoding).
        case characters
        /// Bytes of UTF-8 (worker and kernel runs).
        case bytes
    }

    /// `"\n[output truncated: 20971520 bytes written, the first 1048576 kept (limit 1048576)]\n"`:
    /// how much the code wrote in all, how much was kept, and the limit.
    public static func note(written total: Int, kept: Int, limit: Int, unit: Unit) -> String {
        "\n[output truncated: \(total) \(unit.rawValue) written, the first \(kept) kept (limit \(limit))]\n"
    }
}
