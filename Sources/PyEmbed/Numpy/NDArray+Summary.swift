/// Bounded summaries of numpy values (see ``PythonValue/summary(_:)``).
enum ArraySummary {
    /// `array(float64, shape (3, 2), [0.0, 1.0, …] 6 elements)`.
    static func text(_ array: NDArray, _ limits: SummaryLimits) -> String {
        "array(\(array.dtype.name), shape \(shape(array.shape)), \(elements(array, mask: nil, limits)))"
    }

    /// `masked_array(float64, shape (4,), 1 masked, [1.0, --, …], fill_value=1e+20)`.
    static func text(_ array: MaskedArray, _ limits: SummaryLimits) -> String {
        let data = array.data
        let fill = SummaryWriter.cut(array.fillValue.description, limits.stringCharacters, quoted: false)
        return "masked_array(\(data.dtype.name), shape \(shape(data.shape)), \(array.maskedCount) masked, "
            + "\(elements(data, mask: array.mask, limits)), fill_value=\(fill))"
    }

    /// `datetime64(1700000000, 's')`, `timedelta64(NaT)`.
    static func text(_ time: NumpyTime) -> String {
        let name = time.kind == .datetime ? "datetime64" : "timedelta64"
        guard let ticks = time.ticks else { return "\(name)(NaT)" }
        return "\(name)(\(ticks), '\(time.unit)')"
    }

    /// `(3, 2)`, `(5,)`, `()`: numpy's way.
    static func shape(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The first elements in row-major order, then the count when there are more.
    private static func elements(_ array: NDArray, mask: [Bool]?, _ limits: SummaryLimits) -> String {
        if case let .records(count, fields) = array.storage {
            let names = fields.prefix(limits.items).map(\.name).joined(separator: ", ")
            let more = fields.count > limits.items ? ", … \(fields.count) fields" : ""
            return "\(count) records of (\(names)\(more))"
        }
        let count = array.storage.count
        let shown = Swift.min(count, limits.elements)
        var parts: [String] = []
        parts.reserveCapacity(shown)
        for position in 0..<shown {
            if let mask, position < mask.count, mask[position] {
                parts.append("--")
            } else {
                parts.append(SummaryWriter.cut(item(array, position), limits.stringCharacters, quoted: false))
            }
        }
        let more = count > shown ? ", … \(count) elements" : ""
        return "[" + parts.joined(separator: ", ") + more + "]"
    }

    /// Element `position` (which must exist) as Python writes the item.
    static func item(_ array: NDArray, _ position: Int) -> String {
        switch array.storage {
        case let .bool(values): return PythonValue.bool(values[position]).description
        case let .int8(values): return String(values[position])
        case let .int16(values): return String(values[position])
        case let .int32(values): return String(values[position])
        case let .int64(values): return String(values[position])
        case let .uint8(values): return String(values[position])
        case let .uint16(values): return String(values[position])
        case let .uint32(values): return String(values[position])
        case let .uint64(values): return String(values[position])
        case let .float16(values), let .float32(values): return PythonValue.float(Double(values[position])).description
        case let .float64(values): return PythonValue.float(values[position]).description
        case let .complex64(values):
            return PythonValue.complex(real: Double(values[position].real), imaginary: Double(values[position].imaginary)).description
        case let .complex128(values):
            return PythonValue.complex(real: values[position].real, imaginary: values[position].imaginary).description
        case let .datetime64(ticks), let .timedelta64(ticks):
            let kind: NumpyTime.Kind = if case .datetime64 = array.storage { .datetime } else { .timedelta }
            let tick = ticks[position]
            return text(NumpyTime(kind: kind, ticks: tick == .min ? nil : tick, unit: array.dtype.unit ?? "generic"))
        case let .bytes(values): return PythonValue.bytes(values[position]).description
        case let .unicode(values): return PythonValue.string(values[position]).description
        case let .nullableUnicode(values): return values[position].map { PythonValue.string($0).description } ?? "None"
        case let .object(values): return values[position].summary(SummaryLimits(characters: 200, items: 3, elements: 3, rows: 0))
        case .records: return "record"
        }
    }
}
