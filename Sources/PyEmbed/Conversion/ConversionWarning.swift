/// A part of a value that could not be converted and was kept as a
/// ``PythonOpaqueObject`` instead, while the rest of the value was read.
///
/// Collected by ``PythonValue/init(python:depthLimit:warnings:)`` and
/// ``RunOutput/value(_:warnings:_:)``; a service can show them to the user
/// or store them with the results.
public struct ConversionWarning: Sendable, Hashable, CustomStringConvertible {
    /// Where the part sits, from the variable's name: `results['rec'][2]`.
    public var path: String
    /// Why its rule failed (its own path is inside the part).
    public var error: PythonConversionError
    /// What the part became: its type, module and `repr`.
    public var replacement: PythonOpaqueObject

    /// Creates a warning.
    public init(path: String, error: PythonConversionError, replacement: PythonOpaqueObject) {
        self.path = path
        self.error = error
        self.replacement = replacement
    }

    /// One line: where, why, and what was kept.
    public var description: String {
        let place = path.isEmpty ? "the value" : path
        return "\(place) kept as its repr (\(replacement.module).\(replacement.typeName)): \(error)"
    }
}
