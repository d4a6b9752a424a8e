extension PythonValue: CustomStringConvertible {
    /// The value written the way Python's `repr` would write it (for logs and
    /// diagnostics; sets print in their stored order).
    public var description: String {
        switch self {
        case .none: return "None"
        case let .bool(value): return value ? "True" : "False"
        case let .int(value): return value.description
        case let .float(value): return Self.floatRepr(value)
        case let .complex(real, imaginary):
            let sign = imaginary.sign == .minus ? "-" : "+"
            return "(\(Self.floatRepr(real))\(sign)\(Self.floatRepr(Swift.abs(imaginary)))j)"
        case let .string(value): return Self.quoted(value)
        case let .bytes(value): return "b" + Self.quoted(bytes: value)
        case let .bytearray(value): return "bytearray(b\(Self.quoted(bytes: value)))"
        case let .list(items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case let .tuple(items):
            return items.count == 1 ? "(\(items[0]),)" : "(" + items.map(\.description).joined(separator: ", ") + ")"
        case let .dict(dictionary):
            return "{" + dictionary.entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case let .set(members):
            return members.isEmpty ? "set()" : "{" + members.map(\.description).joined(separator: ", ") + "}"
        case let .frozenset(members):
            return "frozenset(" + (members.isEmpty ? "" : "{" + members.map(\.description).joined(separator: ", ") + "}") + ")"
        case let .array(array): return "\(array)"
        case let .maskedArray(array): return "\(array)"
        case .missing(.masked): return "masked"
        case .missing(.notAvailable): return "<NA>"
        case .missing(.notATime): return "NaT"
        case let .numpyTime(time): return "\(time)"
        case let .dataFrame(frame): return "\(frame)"
        case let .series(series): return "\(series)"
        case let .index(index): return "\(index)"
        case let .pandasArray(array): return "\(array)"
        case let .period(period): return "\(period)"
        case let .interval(interval): return "\(interval)"
        case let .figure(figure): return "\(figure)"
        case let .datetime(datetime): return "\(datetime)"
        case let .date(date): return "\(date)"
        case let .time(time): return "\(time)"
        case let .timedelta(delta): return "\(delta)"
        case let .decimal(decimal): return "Decimal('\(decimal.text)')"
        case let .path(path): return "PosixPath(\(Self.quoted(path)))"
        case let .purePath(path): return path.description
        case let .enumMember(member): return "<\(member.typeName).\(member.name): \(member.value)>"
        case let .record(record): return "\(record.typeName)(\(record.fields))"
        case let .object(opaque): return opaque.repr
        }
    }

    private static func floatRepr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        if value == value.rounded(), Swift.abs(value) < 1e16 { return String(format: value) }
        return "\(value)"
    }

    private static func quoted(_ text: String) -> String {
        var result = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "'": result += "\\'"
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\x" + Self.hex(scalar.value, width: 2)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "'"
    }

    private static func quoted(bytes: [UInt8]) -> String {
        var result = "'"
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "'"): result += "\\'"
            case UInt8(ascii: "\\"): result += "\\\\"
            case UInt8(ascii: "\n"): result += "\\n"
            case UInt8(ascii: "\r"): result += "\\r"
            case UInt8(ascii: "\t"): result += "\\t"
            case 0x20..<0x7F: result.unicodeScalars.append(Unicode.Scalar(byte))
            default: result += "\\x" + Self.hex(UInt32(byte), width: 2)
            }
        }
        return result + "'"
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

private extension String {
    /// `1.0` for whole numbers, as Python prints floats.
    init(format value: Double) {
        self = String(Int64(value)) + ".0"
    }
}
