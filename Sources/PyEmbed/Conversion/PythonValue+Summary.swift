/// How much of a value ``PythonValue/summary(_:)`` shows.
public struct SummaryLimits: Sendable, Hashable {
    /// The most characters a summary has (a final `…` marks a cut).
    public var characters: Int
    /// The most items shown of a list, tuple, set or dictionary.
    public var items: Int
    /// The most elements shown of an array (the first ones, then the count).
    public var elements: Int
    /// The most rows shown of a `DataFrame`'s head.
    public var rows: Int
    /// The most characters shown of a string or bytes.
    public var stringCharacters: Int

    /// Creates limits; the defaults keep a summary under about 2 000 characters.
    public init(characters: Int = 2_000, items: Int = 10, elements: Int = 6, rows: Int = 5, stringCharacters: Int = 200) {
        self.characters = Swift.max(characters, 16)
        self.items = Swift.max(items, 1)
        self.elements = Swift.max(elements, 1)
        self.rows = Swift.max(rows, 0)
        self.stringCharacters = Swift.max(stringCharacters, 1)
    }
}

extension PythonValue {
    /// A short text for logs and notebooks, bounded whatever the value's size
    /// (``SummaryLimits/characters``).
    ///
    /// Scalars are written as ``description`` writes them. Arrays give their
    /// dtype, shape and first elements (`array(float64, shape (1000000,), [0.0,
    /// 1.0, …])`); masked arrays also their masked count (masked elements show
    /// as `--`); frames their shape, columns and first rows; series and indexes
    /// their length and first labels; figures their size and PNG length;
    /// records and objects their type and fields. Long strings, bytes, lists,
    /// tuples, sets and dictionaries are cut, saying how long they are
    /// (`… (1000000 items)`). The full data stays in the value itself.
    public func summary(_ limits: SummaryLimits = SummaryLimits()) -> String {
        var writer = SummaryWriter(limits: limits)
        writer.write(self)
        return writer.finished()
    }
}

/// Appends a value's summary to a string, stopping at the character budget.
struct SummaryWriter {
    let limits: SummaryLimits
    private(set) var text = ""
    private var used = 0
    private var full = false

    init(limits: SummaryLimits) {
        self.limits = limits
    }

    /// Whether the budget is spent (writing further does nothing).
    var isFull: Bool { full }

    /// The text, with `…` when it was cut.
    func finished() -> String { full ? text + "…" : text }

    mutating func append(_ part: String) {
        guard !full else { return }
        let count = part.count
        if used + count <= limits.characters {
            text += part
            used += count
        } else {
            text += part.prefix(limits.characters - used)
            used = limits.characters
            full = true
        }
    }

    mutating func write(_ value: PythonValue) {
        guard !full else { return }
        switch value {
        case let .string(text): append(Self.cut(text, limits.stringCharacters, quoted: true))
        case let .bytes(bytes), let .bytearray(bytes):
            let shown = Array(bytes.prefix(limits.stringCharacters))
            let prefix: PythonValue = value.isBytearray ? .bytearray(shown) : .bytes(shown)
            append(prefix.description)
            if bytes.count > shown.count { append(" … (\(bytes.count) bytes)") }
        case let .list(items): sequence(items, open: "[", close: "]")
        case let .tuple(items): sequence(items, open: "(", close: items.count == 1 ? ",)" : ")")
        case let .set(items): items.isEmpty ? append("set()") : sequence(items, open: "{", close: "}")
        case let .frozenset(items): sequence(items, open: "frozenset({", close: "})")
        case let .dict(dictionary): self.dictionary(dictionary)
        case let .array(array): append(ArraySummary.text(array, limits))
        case let .maskedArray(array): append(ArraySummary.text(array, limits))
        case let .dataFrame(frame): append(FrameSummary.text(frame, limits))
        case let .series(series): append(FrameSummary.text(series, limits))
        case let .index(index): append(FrameSummary.text(index, limits))
        case let .pandasArray(array): append(FrameSummary.text(array, limits))
        case let .interval(interval):
            append("Interval(")
            write(interval.left)
            append(", ")
            write(interval.right)
            append(", closed='\(interval.closed.rawValue)')")
        case let .figure(figure): append(figure.description)
        case let .numpyTime(time): append(ArraySummary.text(time))
        case let .record(record):
            append(record.typeName + "(")
            write(record.fields)
            append(")")
        case let .enumMember(member):
            append("<\(member.typeName).\(member.name): ")
            write(member.value)
            append(">")
        case let .object(object): append(Self.cut(object.repr, limits.stringCharacters, quoted: false))
        case .none, .bool, .int, .float, .complex, .missing, .datetime, .date, .time, .timedelta, .decimal, .path, .purePath, .period:
            append(value.description)
        }
    }

    private mutating func sequence(_ items: [PythonValue], open: String, close: String) {
        append(open)
        for (position, item) in items.prefix(limits.items).enumerated() {
            if position > 0 { append(", ") }
            write(item)
            if full { return }
        }
        if items.count > limits.items { append(", … (\(items.count) items)") }
        append(close)
    }

    private mutating func dictionary(_ dictionary: PythonDictionary) {
        append("{")
        for (position, entry) in dictionary.entries.prefix(limits.items).enumerated() {
            if position > 0 { append(", ") }
            write(entry.key)
            append(": ")
            write(entry.value)
            if full { return }
        }
        if dictionary.count > limits.items { append(", … (\(dictionary.count) items)") }
        append("}")
    }

    /// `text` up to `limit` characters, then how long it is.
    static func cut(_ text: String, _ limit: Int, quoted: Bool) -> String {
        let shown = text.count > limit ? String(text.prefix(limit)) : text
        let written = quoted ? PythonValue.string(shown).description : shown
        return shown.count < text.count ? written + " … (\(text.count) characters)" : written
    }
}

private extension PythonValue {
    var isBytearray: Bool {
        if case .bytearray = self { return true }
        return false
    }
}
