import CPythonShim
import Synchronization

/// A private Python module built from source on first use, for rules whose
/// Python side is easier written in Python (numpy, pandas, a service's analyser).
/// The source is a `.py` file of the target, compiled in with SwiftPM's
/// `.embedInCode` resources (``init(name:utf8:)``): one way to ship helper code.
///
/// It is never registered in `sys.modules`. Its functions are looked up once and
/// kept, and its namespace is sealed when it loads (``SealedNamespace``): code
/// that finds it through `gc` and rebinds a global or swaps a function's code
/// has that put back before the next call. Use it only with the GIL held; the
/// cache is behind a lock of its own, never held while Python runs.
public final class HelperModule: Sendable {
    private struct Loaded {
        var namespace: SealedNamespace?
        var functions: [String: PythonObject] = [:]
    }

    private let name: String
    private let source: String
    private let cache = Mutex(Loaded())

    /// Declares a module; nothing runs until a function is first asked for.
    /// `name` appears in its tracebacks as `<name>`.
    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }

    /// Declares a module whose source is UTF-8 bytes, as `.embedInCode` resources give them
    /// (`PackageResources.helper_py`).
    public convenience init(name: String, utf8 source: [UInt8]) {
        self.init(name: name, source: String(decoding: source, as: UTF8.self))
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
        if let cached = cache.withLock({ $0.functions[function] }) { return cached }
        guard let found = PyDict_GetItemString(namespace.dictionary.pointer, function) else {
            throw .python(PythonException(typeName: "AttributeError", message: "\(name) has no function \(function)"), path: "")
        }
        let object = PythonObject(retaining: found, gil)
        cache.withLock { $0.functions[function] = object }
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
        if let namespace = cache.withLock({ $0.namespace }) { return namespace }
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
        // Another thread may have loaded it while the GIL was released: the first one stays.
        return cache.withLock { loaded in
            if let first = loaded.namespace { return first }
            loaded.namespace = namespace
            return namespace
        }
    }
}
