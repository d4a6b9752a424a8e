import CPythonShim

/// A private Python module built from source on first use, for conversion
/// rules whose Python side is easier written in Python (numpy, pandas, …).
///
/// Its functions are looked up once and kept. Use it only with the GIL held;
/// the GIL also guards the lazily filled cache.
final class HelperModule: @unchecked Sendable {
    private let name: String
    private let source: String
    private var functions: [String: PythonObject] = [:]
    private var namespace: PythonObject?

    /// Declares a module; nothing runs until a function is first asked for.
    init(name: String, source: String) {
        self.name = name
        self.source = source
    }

    /// The module-level function `function`, compiling the module on first use.
    func function(_ function: String, _ gil: GIL) throws(PythonConversionError) -> PythonObject {
        if let cached = functions[function] { return cached }
        let namespace = try loaded(gil)
        guard let found = PyDict_GetItemString(namespace.pointer, function) else {
            throw .python(PythonException(typeName: "AttributeError", message: "\(name) has no function \(function)"), path: "")
        }
        let object = PythonObject(retaining: found, gil)
        functions[function] = object
        return object
    }

    /// Calls `function(*arguments)`, turning a Python exception into a conversion error.
    func call(_ function: String, _ arguments: [any ConvertibleToPython], _ gil: GIL) throws(PythonConversionError) -> PythonObject {
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

    private func loaded(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        if let namespace { return namespace }
        // Python-side, under a lock: two threads must never run the source twice.
        let globals: PythonObject
        do {
            globals = try SupportModule.installed.loadHelper.borrow(gil).call([name, source])
        } catch let PyEmbedError.exception(exception) {
            throw .python(exception, path: "")
        } catch {
            throw .python(PythonException(typeName: "SystemError", message: "\(error)"), path: "")
        }
        namespace = globals
        return globals
    }
}
