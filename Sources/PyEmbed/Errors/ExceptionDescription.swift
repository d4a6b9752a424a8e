/// The Python that describes an exception for ``PythonException``, run in the
/// main interpreter's support module and in every sub-interpreter.
enum ExceptionDescription {
    /// Defines `qualified_name(cls)`, `recognise(path)` and `describe(exc, filename, source)` →
    /// (type, message, traceback, line, syntax, hierarchy, recognised); needs `linecache` and
    /// `traceback` imported.
    static let source = String(decoding: PackageResources.pyembed_describe_py, as: UTF8.self)
}
