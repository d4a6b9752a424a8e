import CPythonShim

/// A private Python module built from source on first use, for rules whose
/// Python side is easier written in Python (numpy, pandas, a service's analyser).
///
/// It is never registered in `sys.modules`. Its functions are looked up once and
/// kept, and its namespace is sealed when it loads (``SealedNamespace``): code
/// that finds it through `gc` and rebinds a global or swaps a function's code
/// has that put back before the next call. Use it only with the GIL held; the
/// GIL also guards the lazily filled cache.
public final class HelperModule: @unchecked Sendable {
    private let name: String
    private let source: String
    private var functions: [String: PythonObject] = [:]
    private var sealed: SealedNamespace?

    /// Declares a module; nothing runs until a function is first asked for.
    /// `name` appears in its tracebacks as `<name>`.
    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }

    /// The module-level value `function`, compiling the module on first use.
    public func function(_ function: String, _ gil: GIL) throws(PythonConversionError) -> PythonObject {
        guard gil.interpreter == .main else {
            throw .python(PythonException(
                typeName: "RuntimeError",
                message: "PyEmbed's \(name) helpers live in the main interpreter: this value cannot be converted in a sub-interpreter"), path: "")
        }
        let namespace = try loaded(gil)
        namespace.verify(gil)
        if let cached = functions[function] { return cached }
        guard let found = PyDict_GetItemString(namespace.dictionary.pointer, function) else {
            throw .python(PythonException(typeName: "AttributeError", message: "\(name) has no function \(function)"), path: "")
        }
        let object = PythonObject(retaining: found, gil)
        functions[function] = object
        return object
    }

    /// Calls `function(*arguments)`, turning a Python exception into a conversion error.
    public func call(_ function: String, _ arguments: [any ConvertibleToPython], _ gil: GIL) throws(PythonConversionError) -> PythonObject {
        let callable = try self.function(function, gil)
        do {
            return try callable.borrow(gil).call(arguments)
        } catch let PyEmbedError.exception(exception) {
            throw .python(exception, path: "")
        } catch let PyEmbedError.conversion(error) {
            throw error
        } catch {
            throw .python(PythonException(typeName: "SystemError", message: "\(error)"), path: "")
        }
    }

    private func loaded(_ gil: GIL) throws(PythonConversionError) -> SealedNamespace {
        if let sealed { return sealed }
        // Python-side, under a lock: two threads never run the source at the same time.
        let namespace: SealedNamespace
        do {
            SupportModule.installed.namespace.verify(gil)
            let globals = try SupportModule.installed.loadHelper.borrow(gil).call([name, source])
            namespace = try SealedNamespace(globals, gil)
        } catch let error as PythonException {
            throw .python(error, path: "")
        } catch let PyEmbedError.exception(exception) {
            throw .python(exception, path: "")
        } catch {
            throw .python(PythonException(typeName: "SystemError", message: "\(error)"), path: "")
        }
        if let sealed { return sealed }  // another thread loaded it while the lock was released
        sealed = namespace
        return namespace
    }
}
