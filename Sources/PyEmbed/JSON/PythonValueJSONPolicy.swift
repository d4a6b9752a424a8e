/// How ``PythonValueJSONEncoder`` writes the values strict JSON has no form
/// for: sets, complex numbers, bytes, dates and times, numpy and pandas
/// values, figures, opaque objects, and dictionary keys that are not `str`.
///
/// `None`, `bool`, `int`, `float`, `str`, `list`, `tuple` and `dict` are
/// written by the encoder itself (non-finite floats as `null`, which strict
/// JSON requires); everything else is handed to the policy, which may call
/// back into the encoder for the parts it contains (``PythonValueJSONEncoder/encode(_:)``,
/// ``PythonValueJSONEncoder/list(of:masked:)``, ``PythonValueJSONEncoder/dictionary(of:)``…).
/// ``PlainJSONPolicy`` is the default; pass another to
/// ``PythonValue/jsonValue(policy:)`` to change the shapes.
public protocol PythonValueJSONPolicy: Sendable {
    /// The JSON for `value`, a value that is not `None`, `bool`, `int`,
    /// `float`, `str`, `list`, `tuple` or `dict`.
    ///
    /// Elements the encoder meets inside arrays and pandas columns come here
    /// too, as the values Python hands out for them: `complex`, `bytes`,
    /// `datetime`, `date`, `timedelta`, ``PythonValue/missing(_:)``, and a
    /// pandas `Timedelta` as an ``PythonValue/object(_:)`` of type `Timedelta`.
    func json(for value: PythonValue, encoder: inout PythonValueJSONEncoder) throws(PythonValueJSONEncoder.Failure) -> JSONValue

    /// The text of a dictionary key, or a `DataFrame` label, that is not a `str`.
    ///
    /// Labels of a `DatetimeIndex` or `TimedeltaIndex` come as
    /// ``PythonValue/object(_:)`` values of type `Timestamp`, `Timedelta` or
    /// `NaTType` whose text is pandas' `str()` of the label.
    /// - Throws: ``PythonValueJSONEncoder/Failure/unwritableKey(_:)`` to give
    ///   up on the whole value; ``json(forUnwritableKey:in:)`` then decides.
    func key(for key: PythonValue) throws(PythonValueJSONEncoder.Failure) -> String

    /// What the export gives when ``key(for:)`` gave up on a key of `value`
    /// (the value being exported as a whole), with the reason `message`.
    ///
    /// The default throws ``JSONExportError/unwritableKey(_:)``.
    func json(forUnwritableKey message: String, in value: PythonValue) throws(JSONExportError) -> JSONValue
}

extension PythonValueJSONPolicy {
    /// Throws ``JSONExportError/unwritableKey(_:)``.
    public func json(forUnwritableKey message: String, in value: PythonValue) throws(JSONExportError) -> JSONValue {
        throw .unwritableKey(message)
    }
}
