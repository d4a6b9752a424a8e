/// What Python's `str`, `repr` and type names would say about a converted
/// value, for JSON policies that quote them (package-wide, not public API).
///
/// Exact for builtin scalars and containers, `datetime` values without a
/// zone, `Decimal`, paths and objects whose text was kept at conversion;
/// numpy, pandas and matplotlib values fall back to their Swift description.
package enum PythonRepr {
    /// `str(value)`: the text itself for a string, kept text for objects,
    /// `repr` otherwise.
    package static func str(_ value: PythonValue) -> String {
        switch value {
        case let .string(text): return text
        case let .datetime(datetime):
            return "\(datetime.date) \(datetime.time.clock(nanosecond: datetime.nanosecond))" + (datetime.time.timeZone?.offsetText ?? "")
        case let .date(date): return date.description
        case let .time(time): return time.description
        case let .timedelta(delta): return delta.description
        case let .decimal(decimal): return decimal.text
        case let .path(path): return path
        case let .purePath(path): return path.text
        case let .period(period): return period.text
        case let .interval(interval): return interval.text
        case let .enumMember(member): return member.text
        case let .record(record): return record.text
        case let .object(object): return object.text
        default: return repr(value)
        }
    }

    /// `repr(value)`.
    package static func repr(_ value: PythonValue) -> String {
        switch value {
        case .none: return "None"
        case let .bool(flag): return flag ? "True" : "False"
        case let .int(integer): return integer.description
        case let .float(number): return PythonFloatText.repr(number)
        case let .complex(real, imaginary): return complex(real, imaginary)
        case let .string(text): return string(text)
        case let .bytes(bytes): return self.bytes(bytes)
        case let .bytearray(bytes): return "bytearray(\(self.bytes(bytes)))"
        case let .list(items): return "[" + items.map(repr).joined(separator: ", ") + "]"
        case let .tuple(items): return items.count == 1 ? "(\(repr(items[0])),)" : "(" + items.map(repr).joined(separator: ", ") + ")"
        case let .dict(dictionary):
            return "{" + dictionary.entries.map { "\(repr($0.key)): \(repr($0.value))" }.joined(separator: ", ") + "}"
        case let .set(members): return members.isEmpty ? "set()" : "{" + members.map(repr).joined(separator: ", ") + "}"
        case let .frozenset(members):
            return members.isEmpty ? "frozenset()" : "frozenset({" + members.map(repr).joined(separator: ", ") + "})"
        case let .datetime(datetime) where datetime.time.timeZone == nil && datetime.nanosecond == 0:
            let time = datetime.time
            return "datetime.datetime(\(datetime.date.year), \(datetime.date.month), \(datetime.date.day), \(time.hour), \(time.minute)"
                + clockTail(second: time.second, microsecond: time.microsecond) + ")"
        case let .date(date): return "datetime.date(\(date.year), \(date.month), \(date.day))"
        case let .time(time) where time.timeZone == nil:
            return "datetime.time(\(time.hour), \(time.minute)" + clockTail(second: time.second, microsecond: time.microsecond) + ")"
        case let .timedelta(delta): return timedelta(delta)
        case let .decimal(decimal): return "Decimal('\(decimal.text)')"
        case let .path(path): return "PosixPath(\(string(path)))"
        case let .purePath(path): return path.description
        case let .enumMember(member): return "<\(shortName(member.typeName)).\(member.name): \(repr(member.value))>"
        case let .record(record) where record.origin == .dataclass: return record.text
        case let .object(object): return object.repr
        default: return value.description
        }
    }

    /// `repr(str)`: single quotes unless the text has `'` and no `"`;
    /// non-printable characters escaped as `\xhh`, `\uhhhh`, `\Uhhhhhhhh`.
    static func string(_ text: String) -> String {
        let quote: Unicode.Scalar = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case quote, "\\": result += "\\" + String(scalar)
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value < 0x7F || isPrintable(scalar) {
                    result.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    result += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value <= 0xFFFF {
                    result += "\\u" + hex(scalar.value, width: 4)
                } else {
                    result += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        result.unicodeScalars.append(quote)
        return result
    }

    /// `repr(bytes)`: `b'…'` (or `b"…"` when it has `'` and no `"`).
    package static func bytes(_ bytes: [UInt8]) -> String {
        let quote: UInt8 = bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        var result = "b" + String(UnicodeScalar(quote))
        for byte in bytes {
            switch byte {
            case quote, UInt8(ascii: "\\"): result += "\\" + String(UnicodeScalar(byte))
            case UInt8(ascii: "\t"): result += "\\t"
            case UInt8(ascii: "\n"): result += "\\n"
            case UInt8(ascii: "\r"): result += "\\r"
            case 0x20..<0x7F: result.unicodeScalars.append(UnicodeScalar(byte))
            default: result += "\\x" + hex(UInt32(byte), width: 2)
            }
        }
        return result + String(UnicodeScalar(quote))
    }

    /// `repr(complex)`: `1j`, `(1+2j)`, `(-0-1.5j)`, `(nan+infj)`.
    static func complex(_ real: Double, _ imaginary: Double) -> String {
        let imaginaryText = PythonFloatText.complexPart(imaginary)
        if real == 0, real.sign == .plus { return imaginaryText + "j" }
        let sign = imaginaryText.hasPrefix("-") ? "" : "+"
        return "(" + PythonFloatText.complexPart(real) + sign + imaginaryText + "j)"
    }

    /// Python's `str.isprintable()` for one character: not a control, format,
    /// surrogate, private-use, unassigned or separator character (space excepted).
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return scalar == " "
        default:
            return true
        }
    }

    /// `, second[, microsecond]` as `datetime` and `time` reprs end.
    private static func clockTail(second: Int, microsecond: Int) -> String {
        if microsecond != 0 { return ", \(second), \(microsecond)" }
        return second != 0 ? ", \(second)" : ""
    }

    /// `repr(timedelta)`: `datetime.timedelta(days=1, seconds=5)`, `datetime.timedelta(0)`.
    private static func timedelta(_ delta: PythonTimeDelta) -> String {
        let normal = delta.normalized
        let parts = [("days", normal.days), ("seconds", normal.seconds), ("microseconds", normal.microseconds)]
            .filter { $0.1 != 0 }.map { "\($0.0)=\($0.1)" }
        return "datetime.timedelta(" + (parts.isEmpty ? "0" : parts.joined(separator: ", ")) + ")"
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
