/// The Python each sub-interpreter runs once when it is prepared, in a private
/// namespace (not in its `sys.modules`): output capture, the import refusal
/// for modules that cannot live in a sub-interpreter, and exception descriptions.
enum SubinterpreterSupport {
    /// Expects `REFUSED` (a tuple of top-level module names) in the namespace.
    static let source = String(decoding: PackageResources.pyembed_subinterpreter_py, as: UTF8.self) + "\n\n" + ExceptionDescription.source
}
