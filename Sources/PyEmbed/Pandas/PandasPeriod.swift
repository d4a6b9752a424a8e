/// A `pandas.Period`: a span of time given by its ordinal in a frequency.
public struct PandasPeriod: Sendable, Hashable {
    /// Periods since the frequency's origin (`2024-01` is 648 in `M`).
    public var ordinal: Int64
    /// pandas' frequency string: `M`, `D`, `Q-DEC`, `W-SUN`, `h`.
    public var frequency: String
    /// `str(period)`: `2024-01`.
    public var text: String
    /// The module of its type.
    public var module: String

    /// Creates a period; `text` is what pandas prints for it.
    public init(ordinal: Int64, frequency: String, text: String, module: String = "pandas") {
        self.ordinal = ordinal
        self.frequency = frequency
        self.text = text
        self.module = module
    }

    static func read(_ object: BorrowedObject) throws(PythonConversionError) -> PandasPeriod {
        let gil = object.gil
        let parts = try PandasHelpers.module.call("period_parts", [object.owned()], gil)
        let (ordinal, frequency, text, module) = try parts.borrow(gil).decodeTuple(Int64.self, String.self, String.self, String.self)
        return PandasPeriod(ordinal: ordinal, frequency: frequency, text: text, module: module)
    }
}

extension PandasPeriod: ConvertibleToPython {
    /// `pandas.Period(ordinal=…, freq=…)`.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try PandasHelpers.module.call("make_period", [ordinal, frequency], gil)
    }
}

extension PandasPeriod: CustomStringConvertible {
    /// `Period('2024-01', 'M')`, as pandas' `repr`.
    public var description: String { "Period('\(text)', '\(frequency)')" }
}
