/// Labels laid out as a Python dict keeps them: distinct labels in order of
/// first appearance (`1`, `1.0` and `True` are one key), and for each
/// position the label it writes to.
struct LabelSlots {
    var labels: [PythonValue] = []
    var slots: [Int] = []

    init(_ all: [PythonValue]) {
        var seen: [PythonValue: Int] = [:]
        slots.reserveCapacity(all.count)
        for label in all {
            let key = Self.equality(label)
            if let key, let slot = seen[key] {
                slots.append(slot)
                continue
            }
            if let key { seen[key] = labels.count }
            slots.append(labels.count)
            labels.append(label)
        }
    }

    /// A stand-in with Python's equality for the labels json can write
    /// (`True == 1 == 1.0`); `nil` (never merged) for NaN and for labels that
    /// fail as keys anyway.
    private static func equality(_ label: PythonValue) -> PythonValue? {
        switch label {
        case let .bool(flag): return .int(PythonInteger(flag ? 1 : 0))
        case let .float(number) where number.isNaN: return nil
        case let .float(number) where number.rounded() == number && Swift.abs(number) < 9.0e18: return .int(PythonInteger(Int(number)))
        case .string, .int, .float, .none: return label
        default: return nil
        }
    }
}
