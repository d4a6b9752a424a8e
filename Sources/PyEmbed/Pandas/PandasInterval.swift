/// A `pandas.Interval`: two bounds and which of them belong to it.
public struct PandasInterval: Sendable, Hashable {
    /// Which bounds are inside (`closed`).
    public enum Closed: String, Sendable, Hashable, CaseIterable {
        /// `[left, right)`.
        case left
        /// `(left, right]`, pandas' default.
        case right
        /// `[left, right]`.
        case both
        /// `(left, right)`.
        case neither
    }

    /// The lower bound (a number, `Timestamp` or `Timedelta`).
    public var left: PythonValue
    /// The upper bound.
    public var right: PythonValue
    /// Which bounds are inside.
    public var closed: Closed
    /// `str(interval)`: `(0, 1]`.
    public var text: String
    /// The module of its type.
    public var module: String

    /// Creates an interval; `text` is what pandas prints for it.
    public init(left: PythonValue, right: PythonValue, closed: Closed, text: String, module: String = "pandas") {
        self.left = left
        self.right = right
        self.closed = closed
        self.text = text
        self.module = module
    }

    static func read(_ object: BorrowedObject, _ reader: inout ValueReader) throws(PythonConversionError) -> PandasInterval {
        let gil = object.gil
        let parts = try PandasHelpers.module.call("interval_parts", [object.owned()], gil)
        let (left, right, closedName, text, module) = try parts.borrow(gil).decodeTuple(
            PythonObject.self, PythonObject.self, String.self, String.self, String.self)
        guard let closed = Closed(rawValue: closedName) else {
            throw .typeMismatch(expected: "left, right, both or neither", actual: closedName, path: ".closed")
        }
        return PandasInterval(
            left: try reader.nested(left.borrow(gil), at: ".left"), right: try reader.nested(right.borrow(gil), at: ".right"),
            closed: closed, text: text, module: module)
    }
}

extension PandasInterval: ConvertibleToPython {
    /// `pandas.Interval(left, right, closed=…)`.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        let lower: PythonObject, upper: PythonObject
        do throws(PythonConversionError) { lower = try left.pythonObject(gil) } catch { throw error.nested(in: ".left") }
        do throws(PythonConversionError) { upper = try right.pythonObject(gil) } catch { throw error.nested(in: ".right") }
        return try PandasHelpers.module.call("make_interval", [lower, upper, closed.rawValue], gil)
    }
}

extension PandasInterval: CustomStringConvertible {
    /// `Interval(0, 1, closed='right')`, as pandas' `repr`.
    public var description: String {
        "Interval(\(PythonRepr.repr(left)), \(PythonRepr.repr(right)), closed='\(closed.rawValue)')"
    }
}
