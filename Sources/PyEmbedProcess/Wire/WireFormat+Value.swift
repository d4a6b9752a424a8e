extension WireSink {
    /// Appends a value: its tag, then the case's fields.
    mutating func value(_ value: PythonValue) {
        switch value {
        case .none: tag(.none)
        case let .bool(flag): tag(.bool); bool(flag)
        case let .int(integer): self.integer(integer)
        case let .float(number): tag(.float); double(number)
        case let .complex(real, imaginary): tag(.complex); double(real); double(imaginary)
        case let .string(text): tag(.string); string(text)
        case let .bytes(data): tag(.bytes); blob(data)
        case let .bytearray(data): tag(.bytearray); blob(data)
        case let .list(items): tag(.list); values(items)
        case let .tuple(items): tag(.tuple); values(items)
        case let .dict(dictionary): tag(.dict); self.dictionary(dictionary)
        case let .set(members): tag(.set); values(members)
        case let .frozenset(members): tag(.frozenset); values(members)
        case let .array(array): tag(.array); self.array(array)
        case let .numpyTime(time): tag(.numpyTime); numpyTime(time)
        case let .dataFrame(frame): tag(.dataFrame); dataFrame(frame)
        case let .series(series): tag(.series); self.series(series)
        case let .index(index): tag(.index); self.index(index)
        case let .figure(figure): tag(.figure); self.figure(figure)
        case let .datetime(datetime): tag(.datetime); self.datetime(datetime)
        case let .date(date): tag(.date); self.date(date)
        case let .time(time): tag(.time); self.time(time)
        case let .timedelta(delta): tag(.timedelta); timedelta(delta)
        case let .decimal(decimal): tag(.decimal); string(decimal.text)
        case let .path(path): tag(.path); string(path)
        case let .enumMember(member): tag(.enumMember); enumMember(member)
        case let .record(record): tag(.record); self.record(record)
        case let .object(object): tag(.object); opaque(object)
        case let .maskedArray(array): tag(.maskedArray); maskedArray(array)
        case let .missing(missing): tag(.missing); byte(WireMissingTag(missing).rawValue)
        }
    }

    private mutating func tag(_ tag: WireTag) { byte(tag.rawValue) }

    /// `int` fitting in 64 bits as one word; larger ones as sign and magnitude words.
    private mutating func integer(_ integer: PythonInteger) {
        if let small = integer.intValue {
            tag(.int)
            int(small)
        } else {
            tag(.bigInt)
            bool(integer.isNegative)
            raw(integer.magnitude)
        }
    }

    /// A count, then key and value of each entry.
    private mutating func dictionary(_ dictionary: PythonDictionary) {
        count(dictionary.entries.count)
        for entry in dictionary.entries {
            value(entry.key)
            value(entry.value)
        }
    }
}

extension WireReader {
    /// Reads one value at container depth `depth` (0 for the message's value).
    mutating func value(depth: Int) throws(WireFormatError) -> PythonValue {
        let start = offset
        switch try tag(WireTag.self, "value") {
        case .none: return .none
        case .bool: return .bool(try bool())
        case .int: return .int(PythonInteger(try int()))
        case .bigInt:
            let negative = try bool()
            return .int(PythonInteger(isNegative: negative, magnitude: try raw(UInt64.self)))
        case .float: return .float(try double())
        case .complex: return .complex(real: try double(), imaginary: try double())
        case .string: return .string(try string())
        case .bytes: return .bytes(try blob())
        case .bytearray: return .bytearray(try blob())
        case .list: return .list(try values(depth: try enter(depth, at: start)))
        case .tuple: return .tuple(try values(depth: try enter(depth, at: start)))
        case .dict: return .dict(try dictionary(depth: try enter(depth, at: start)))
        case .set: return .set(try values(depth: try enter(depth, at: start)))
        case .frozenset: return .frozenset(try values(depth: try enter(depth, at: start)))
        case .array: return .array(try array(depth: depth, at: start))
        case .numpyTime: return .numpyTime(try numpyTime())
        case .dataFrame: return .dataFrame(try dataFrame(depth: try enter(depth, at: start)))
        case .series: return .series(try series(depth: try enter(depth, at: start)))
        case .index: return .index(try index(depth: try enter(depth, at: start)))
        case .figure: return .figure(try figure(depth: try enter(depth, at: start)))
        case .datetime: return .datetime(try datetime())
        case .date: return .date(try date())
        case .time: return .time(try time())
        case .timedelta: return .timedelta(try timedelta())
        case .decimal: return .decimal(PythonDecimal(try string()))
        case .path: return .path(try string())
        case .enumMember: return .enumMember(try enumMember(depth: try enter(depth, at: start)))
        case .record: return .record(try record(depth: try enter(depth, at: start)))
        case .object: return .object(try opaque())
        case .maskedArray: return .maskedArray(try maskedArray(depth: depth, at: start))
        case .missing: return .missing(try tag(WireMissingTag.self, "missing value").missing)
        }
    }

    /// A count, then that many values at `depth`.
    mutating func values(depth: Int) throws(WireFormatError) -> [PythonValue] {
        let count = try count(minimumBytes: 1)
        var values: [PythonValue] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try value(depth: depth)) }
        return values
    }

    /// A count, then key and value of each entry, at `depth`.
    mutating func dictionary(depth: Int) throws(WireFormatError) -> PythonDictionary {
        let count = try count(minimumBytes: 2)
        var entries: [PythonDictionary.Entry] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let key = try value(depth: depth)
            entries.append(PythonDictionary.Entry(key: key, value: try value(depth: depth)))
        }
        return PythonDictionary(entries)
    }
}
