import CPythonShim

extension GIL {
    /// Takes ownership of a new reference, or turns `NULL` into the pending exception.
    func owned(_ pointer: UnsafeMutablePointer<PyObject>?) throws(PythonException) -> PythonObject {
        guard let pointer else { throw fetchException() }
        return PythonObject(owning: pointer)
    }

    /// Removes the pending Python exception and describes it (through the shim:
    /// `PyErr_GetRaisedException` on 3.12+, `PyErr_Fetch` before).
    ///
    /// - Parameters:
    ///   - filename: the name user code was compiled under; its innermost line
    ///     in the traceback becomes ``PythonException/line``.
    ///   - source: that code, so the traceback can quote its lines.
    func fetchException(filename: String = "", source: String? = nil) -> PythonException {
        var type: UnsafeMutablePointer<PyObject>?
        var value: UnsafeMutablePointer<PyObject>?
        var traceback: UnsafeMutablePointer<PyObject>?
        pyshim_fetch_exception(&type, &value, &traceback)
        defer {
            pyshim_xdecref(type)
            pyshim_xdecref(value)
            pyshim_xdecref(traceback)
        }
        guard let value else {
            return PythonException(typeName: "SystemError", message: "an error was reported but no exception was set")
        }
        // An exception raised while describing one is reported plainly, never described in turn:
        // code that breaks the description (say, `traceback.walk_tb = None`) must not recurse.
        if !Describing.active, let described = describe(value, filename: filename, source: source) { return described }
        let typeName = type.map { String(cString: pyshim_type_name(UnsafeMutableRawPointer($0).assumingMemoryBound(to: PyTypeObject.self))) }
        return PythonException(typeName: typeName ?? "BaseException", message: "<the exception could not be described>")
    }

    private func describe(_ exception: UnsafeMutablePointer<PyObject>, filename: String, source: String?) -> PythonException? {
        Describing.active = true
        defer { Describing.active = false }
        let describe: PythonObject
        if let subinterpreter = ActiveSubinterpreter.current {
            describe = subinterpreter.describe
        } else {
            SupportModule.installed.namespace.verify(self)
            describe = SupportModule.installed.describe
        }
        let arguments: [any ConvertibleToPython] = [PythonObject(retaining: exception, self), filename, source]
        do {
            let result = try withRecursionLimit(atMost: GIL.describingRecursionLimit) { () throws(PyEmbedError) in
                try describe.borrow(self).call(arguments)
            }
            let (typeName, message, traceback, line, syntax, hierarchy, recognised) = try result.borrow(self).decodeTuple(
                String.self, String.self, String.self, Int?.self, SyntaxTuple?.self, [String].self, [String].self)
            var exception = PythonException(
                typeName: typeName, message: message, traceback: traceback, line: line,
                syntax: syntax.map {
                    SyntaxErrorLocation(filename: $0.filename, line: $0.line, column: $0.column,
                                        endLine: $0.endLine, endColumn: $0.endColumn, text: $0.text)
                })
            exception.hierarchy = hierarchy
            exception.recognisedClasses = recognised
            return exception
        } catch {
            PyErr_Clear()
            return nil
        }
    }
}

/// The `syntax` member of `_pyembed.describe`'s answer.
private struct SyntaxTuple: ConvertibleFromPython {
    var filename: String?, line: Int?, column: Int?, endLine: Int?, endColumn: Int?, text: String?

    init(python object: BorrowedObject) throws(PythonConversionError) {
        (filename, line, column, endLine, endColumn, text) = try object.decodeTuple(
            String?.self, Int?.self, Int?.self, Int?.self, Int?.self, String?.self)
    }
}

/// Whether the calling thread is describing an exception (a thread-local flag).
private enum Describing {
    private static let flag = ThreadLocalInteger()

    static var active: Bool {
        get { flag.value != 0 }
        set { flag.value = newValue ? 1 : 0 }
    }
}
