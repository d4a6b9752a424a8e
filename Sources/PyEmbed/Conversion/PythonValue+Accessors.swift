extension PythonValue {
    /// The value of an `int` that fits in `Int`, else `nil`.
    public var intValue: Int? {
        if case let .int(integer) = self { return integer.intValue }
        return nil
    }

    /// The value of a `float`, or of an `int` (converted), else `nil`.
    public var doubleValue: Double? {
        switch self {
        case let .float(value): return value
        case let .int(integer): return integer.intValue.map(Double.init)
        default: return nil
        }
    }

    /// The value of a `bool`, else `nil`.
    public var boolValue: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    /// The text of a `str`, else `nil`.
    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    /// The items of a `list` or `tuple`, else `nil`.
    public var items: [PythonValue]? {
        switch self {
        case let .list(items), let .tuple(items): return items
        default: return nil
        }
    }

    /// The pairs of a `dict`, else `nil`.
    public var dictionary: PythonDictionary? {
        if case let .dict(dictionary) = self { return dictionary }
        return nil
    }

    /// The value under the string key `key` of a `dict`, else `nil`.
    ///
    /// - Complexity: O(*n*).
    public subscript(key: String) -> PythonValue? {
        dictionary?[key]
    }

    /// The item at `index` of a `list` or `tuple`, else `nil`.
    public subscript(index: Int) -> PythonValue? {
        guard let items, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
