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
        case let .pandasArray(array): tag(.pandasArray); pandasArray(array)
        case let .period(period): tag(.period); self.period(period)
        case let .interval(interval): tag(.interval); self.interval(interval)
        case let .figure(figure): tag(.figure); self.figure(figure)
        case let .datetime(datetime): tag(.datetime); self.datetime(datetime)
        case let .date(date): tag(.date); self.date(date)
        case let .time(time): tag(.time); self.time(time)
        case let .timedelta(delta): tag(.timedelta); timedelta(delta)
        case let .decimal(decimal): tag(.decimal); string(decimal.text)
        case let .path(path): tag(.path); string(path)
        case let .purePath(path): tag(.purePath); string(path.text); bool(path.flavour == .windows); string(path.module)
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
        sequence(dictionary.entries) { sink, entry in
            sink.value(entry.key)
            sink.value(entry.value)
        }
    }
}

extension WireReader {
    /// Reads one value at container depth `depth` (0 for the message's value).
    ///
    /// Each family of cases is read in a function of its own, so that this
    /// frame, which every level of nesting repeats, stays small.
    mutating func value(depth: Int) throws(WireFormatError) -> PythonValue {
        let start = offset
        let tag = try tag(WireTag.self, "value")
        switch tag {
        case .none, .bool, .int, .bigInt, .float, .complex, .string, .bytes, .bytearray, .decimal, .path, .purePath, .missing:
            return try scalar(tag)
        case .list, .tuple, .dict, .set, .frozenset:
            return try container(tag, depth: try enter(depth, at: start))
        case .array, .numpyTime, .dataFrame, .series, .index, .figure, .maskedArray, .pandasArray, .period, .interval:
            return try scientific(tag, depth: depth, at: start)
        case .datetime, .date, .time, .timedelta, .enumMember, .record, .object:
            return try standard(tag, depth: depth, at: start)
        }
    }

    @inline(never)
    private mutating func scalar(_ tag: WireTag) throws(WireFormatError) -> PythonValue {
        switch tag {
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
        case .decimal: return .decimal(PythonDecimal(try string()))
        case .path: return .path(try string())
        case .purePath:
            let text = try string()
            let windows = try bool()
            return .purePath(PythonPurePath(text: text, flavour: windows ? .windows : .posix, module: try string()))
        case .missing: return .missing(try self.tag(WireMissingTag.self, "missing value").missing)
        default: return .none
        }
    }

    /// A builtin container whose items sit at `depth`.
    @inline(never)
    private mutating func container(_ tag: WireTag, depth: Int) throws(WireFormatError) -> PythonValue {
        switch tag {
        case .dict: return .dict(try dictionary(depth: depth))
        case .tuple: return .tuple(try values(depth: depth))
        case .set: return .set(try values(depth: depth))
        case .frozenset: return .frozenset(try values(depth: depth))
        default: return .list(try values(depth: depth))
        }
    }

    /// numpy, pandas and matplotlib values; `depth` is the value's own.
    @inline(never)
    private mutating func scientific(_ tag: WireTag, depth: Int, at start: Int) throws(WireFormatError) -> PythonValue {
        switch tag {
        case .array: return .array(try array(depth: depth, at: start))
        case .numpyTime: return .numpyTime(try numpyTime())
        case .dataFrame: return .dataFrame(try dataFrame(depth: try enter(depth, at: start)))
        case .series: return .series(try series(depth: try enter(depth, at: start)))
        case .index: return .index(try index(depth: try enter(depth, at: start)))
        case .maskedArray: return .maskedArray(try maskedArray(depth: depth, at: start))
        case .pandasArray: return .pandasArray(try pandasArray(depth: try enter(depth, at: start)))
        case .period: return .period(try period())
        case .interval: return .interval(try interval(depth: depth))
        default: return .figure(try figure(depth: try enter(depth, at: start)))
        }
    }

    /// Standard-library values and objects; `depth` is the value's own.
    @inline(never)
    private mutating func standard(_ tag: WireTag, depth: Int, at start: Int) throws(WireFormatError) -> PythonValue {
        switch tag {
        case .datetime: return .datetime(try datetime())
        case .date: return .date(try date())
        case .time: return .time(try time())
        case .timedelta: return .timedelta(try timedelta())
        case .enumMember: return .enumMember(try enumMember(depth: try enter(depth, at: start)))
        case .record: return .record(try record(depth: try enter(depth, at: start)))
        default: return .object(try opaque())
        }
    }

    /// A count, then that many values at `depth`.
    mutating func values(depth: Int) throws(WireFormatError) -> [PythonValue] {
        try sequence(minimumBytes: 1) { (reader) throws(WireFormatError) in try reader.value(depth: depth) }
    }

    /// A count, then key and value of each entry, at `depth`.
    mutating func dictionary(depth: Int) throws(WireFormatError) -> PythonDictionary {
        PythonDictionary(try sequence(minimumBytes: 2) { (reader) throws(WireFormatError) in
            let key = try reader.value(depth: depth)
            return PythonDictionary.Entry(key: key, value: try reader.value(depth: depth))
        })
    }
}
