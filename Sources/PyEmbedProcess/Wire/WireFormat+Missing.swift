extension WireSink {
    /// The data array, whether a mask follows, the mask's flags, then the fill value.
    mutating func maskedArray(_ array: MaskedArray) {
        self.array(array.data)
        optional(array.mask) { $0.raw($1) }
        value(array.fillValue)
    }
}

extension WireSink {
    /// A count, then each string or its absence (missing text in pandas and StringDType columns).
    mutating func optionalStrings(_ texts: [String?]) {
        sequence(texts) { $0.optional($1) { $0.string($1) } }
    }
}

extension WireReader {
    /// What ``WireSink/optionalStrings(_:)`` wrote.
    mutating func optionalStrings() throws(WireFormatError) -> [String?] {
        try sequence(minimumBytes: 1) { (reader) throws(WireFormatError) in
            try reader.optional { (reader) throws(WireFormatError) in try reader.string() }
        }
    }
}

extension WireReader {
    /// A masked array starting at `start` (its tag); the mask must have one flag per element.
    mutating func maskedArray(depth: Int, at start: Int) throws(WireFormatError) -> MaskedArray {
        let data = try array(depth: depth, at: start)
        let maskStart = offset
        let mask = try optional { (reader) throws(WireFormatError) in try reader.rawBools() }
        if let mask, mask.count != data.count {
            throw failure(.shapeMismatch(expected: data.count, actual: mask.count), at: maskStart)
        }
        return MaskedArray(data: data, mask: mask, fillValue: try value(depth: try enter(depth, at: start)))
    }
}

extension WireMissingTag {
    /// The tag of `missing`.
    init(_ missing: PythonMissingValue) {
        switch missing {
        case .masked: self = .masked
        case .notAvailable: self = .notAvailable
        case .notATime: self = .notATime
        }
    }

    /// The missing value this tag names.
    var missing: PythonMissingValue {
        switch self {
        case .masked: return .masked
        case .notAvailable: return .notAvailable
        case .notATime: return .notATime
        }
    }
}

extension WireRecordOriginTag {
    /// The tag of `origin`.
    init(_ origin: PythonRecord.Origin) {
        switch origin {
        case .dataclass: self = .dataclass
        case .toDict: self = .toDict
        case .toList: self = .toList
        case .item: self = .item
        }
    }

    /// The origin this tag names.
    var origin: PythonRecord.Origin {
        switch self {
        case .dataclass: return .dataclass
        case .toDict: return .toDict
        case .toList: return .toList
        case .item: return .item
        }
    }
}
