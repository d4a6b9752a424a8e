/// Why a value could not be converted between Python and Swift.
public enum PythonConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The Python object has another type than the Swift target accepts.
    case typeMismatch(expected: String, actual: String, path: String)
    /// The number does not fit the Swift type (e.g. a 70-bit int into `Int`).
    case outOfRange(value: String, target: String, path: String)
    /// A tuple or sequence has the wrong number of items.
    case wrongCount(expected: Int, actual: Int, path: String)
    /// A container contains itself.
    case cycle(path: String)
    /// Containers nest deeper than the conversion's depth limit.
    case tooDeep(limit: Int, path: String)
    /// Python raised while the value was read or built (`__repr__`, `__iter__`, …).
    case python(PythonException, path: String)

    /// A one-line explanation naming where in the value it happened.
    public var description: String {
        switch self {
        case let .typeMismatch(expected, actual, path):
            return "expected \(Self.article(expected)), got \(Self.article(actual))\(Self.at(path))"
        case let .outOfRange(value, target, path):
            return "\(value) does not fit in \(target)\(Self.at(path))"
        case let .wrongCount(expected, actual, path):
            return "expected \(expected) items, got \(actual)\(Self.at(path))"
        case let .cycle(path):
            return "the container contains itself\(Self.at(path))"
        case let .tooDeep(limit, path):
            return "containers nest deeper than the limit of \(limit)\(Self.at(path))"
        case let .python(exception, path):
            return "Python raised \(exception)\(Self.at(path))"
        }
    }

    /// A type named in plain words: `str` → `a str`, `int` → `an int`;
    /// phrases that already start with an article (`a numpy array of …`) stay.
    static func article(_ phrase: String) -> String {
        let lowered = phrase.lowercased()
        if ["a ", "an ", "the ", "no "].contains(where: lowered.hasPrefix) || phrase.first?.isNumber == true { return phrase }
        let vowelSound = lowered.first.map { "aeio".contains($0) } ?? false || lowered.hasPrefix("u") && !lowered.hasPrefix("uint")
        return (vowelSound ? "an " : "a ") + phrase
    }

    private static func at(_ path: String) -> String {
        path.isEmpty ? "" : " at \(path)"
    }
}
