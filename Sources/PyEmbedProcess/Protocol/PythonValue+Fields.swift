extension PythonValue {
    /// A `dict` with string keys, in the order given: how the process tier's
    /// job and report records are written.
    static func fields(_ pairs: KeyValuePairs<String, PythonValue?>) -> PythonValue {
        .dict(PythonDictionary(pairs.compactMap { key, value in
            value.map { PythonDictionary.Entry(key: .string(key), value: $0) }
        }))
    }

    /// An `int` from a Swift integer.
    static func integer<T: BinaryInteger>(_ value: T) -> PythonValue {
        .int(PythonInteger(Int(value)))
    }

    /// A `dict` of strings from a Swift dictionary, keys sorted.
    static func strings(_ dictionary: [String: String]) -> PythonValue {
        .dict(PythonDictionary(dictionary.sorted { $0.key < $1.key }.map { .init(key: .string($0.key), value: .string($0.value)) }))
    }

    /// The pairs of a `dict` whose keys are all strings, else `nil`.
    var stringKeyed: [(String, PythonValue)]? {
        guard let dictionary else { return nil }
        var pairs: [(String, PythonValue)] = []
        for entry in dictionary.entries {
            guard let key = entry.key.stringValue else { return nil }
            pairs.append((key, entry.value))
        }
        return pairs
    }
}

/// A record field that was missing or had the wrong type.
struct MalformedRecord: Error, CustomStringConvertible {
    var field: String
    var description: String { "the field '\(field)' is missing or has the wrong type" }
}

/// Reads typed fields out of a record made by ``PythonValue/fields(_:)``.
struct FieldReader {
    let value: PythonValue

    func string(_ key: String) throws(MalformedRecord) -> String {
        guard let text = value[key]?.stringValue else { throw MalformedRecord(field: key) }
        return text
    }

    func optionalString(_ key: String) throws(MalformedRecord) -> String? {
        guard let field = value[key], field != .none else { return nil }
        guard let text = field.stringValue else { throw MalformedRecord(field: key) }
        return text
    }

    func int(_ key: String) throws(MalformedRecord) -> Int {
        guard let number = value[key]?.intValue else { throw MalformedRecord(field: key) }
        return number
    }

    func optionalInt(_ key: String) throws(MalformedRecord) -> Int? {
        guard let field = value[key], field != .none else { return nil }
        guard let number = field.intValue else { throw MalformedRecord(field: key) }
        return number
    }

    func strings(_ key: String) throws(MalformedRecord) -> [String] {
        guard let items = value[key]?.items else { throw MalformedRecord(field: key) }
        var texts: [String] = []
        for item in items {
            guard let text = item.stringValue else { throw MalformedRecord(field: key) }
            texts.append(text)
        }
        return texts
    }

    func stringKeyed(_ key: String) throws(MalformedRecord) -> [(String, PythonValue)] {
        guard let pairs = value[key]?.stringKeyed else { throw MalformedRecord(field: key) }
        return pairs
    }
}
