import Foundation
import PyEmbed

/// Builds pretty-printed JSON objects around members that are already encoded,
/// so that `results` is encoded once for `results.json` and `--json`.
public enum JSONSplice {
    /// `{"<key>": <encoded>, …rest}`: `encoded` is a value pretty-printed at
    /// the top level, `rest` an object of the other members; both as
    /// `jsonString(prettyPrinted: true)` writes them. The result is byte for
    /// byte the pretty-printing of the whole object: pretty JSON has raw
    /// newlines only between tokens (strings escape theirs), so nesting a value
    /// one level deeper adds two spaces after each newline.
    public static func object(first key: String, encoded: Data, rest: String) -> Data {
        var output = Data("{\n  ".utf8)
        output.append(contentsOf: PythonValue.string(key).jsonStringBytes)
        output.append(contentsOf: ": ".utf8)
        output.reserveCapacity(encoded.count + encoded.count / 8 + rest.utf8.count + 32)
        var start = encoded.startIndex
        while let newline = encoded[start...].firstIndex(of: UInt8(ascii: "\n")) {
            output.append(encoded[start...newline])
            output.append(contentsOf: "  ".utf8)
            start = encoded.index(after: newline)
        }
        output.append(encoded[start...])
        if rest == "{}" {
            output.append(contentsOf: "\n}".utf8)
        } else {
            output.append(contentsOf: ",".utf8)
            output.append(contentsOf: rest.utf8.dropFirst())  // drops "{", keeps "\n  …\n}"
        }
        return output
    }
}

private extension PythonValue {
    /// A string value as a JSON string literal.
    var jsonStringBytes: Data { (try? jsonData()) ?? Data("\"\"".utf8) }
}
