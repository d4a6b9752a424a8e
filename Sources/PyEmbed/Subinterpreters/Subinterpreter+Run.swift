import CPythonShim

extension Subinterpreter {
    /// Compiles and runs `source` in this interpreter (inside its scope), then
    /// reads the result with `read` before the scope ends.
    ///
    /// Mirrors ``GIL/run(_:options:inputs:)``: captured output, inputs, typed
    /// exceptions and interrupts, with this interpreter's own streams and interrupt type.
    func run<T>(
        _ source: String, options: RunOptions, inputs: [String: any ConvertibleToPython], guard runGuard: RunGuard,
        _ gil: GIL, read: (RunOutput, GIL) throws -> T
    ) throws -> (SubinterpreterOutput, T) {
        let clock = ContinuousClock()
        let start = clock.now
        let namespace: PythonObject, code: PythonObject, capture: PythonObject?
        do {
            if case .named = options.namespace {
                namespace = try self.namespace ?? Globals.make(gil)
                self.namespace = namespace
            } else {
                namespace = try Globals.make(gil)
            }
            try gil.set(inputs, in: namespace)
            code = try Globals.compile(source, filename: options.filename, gil)
            capture = options.capturesOutput ? try supportFunction("begin_capture", gil).call() : nil
        } catch let error as PythonException {
            throw PyEmbedError.exception(error)
        }
        if let reason = runGuard.begin(gil) {
            _ = finishCapture(capture, gil)
            throw PyEmbedError.interrupted(reason, PythonException(typeName: "PyEmbedInterrupt", message: "interrupted before it started"))
        }
        _ = pyshim_run_guards_begin()
        let result = sharingTheGIL { PyEval_EvalCode(code.pointer, namespace.pointer, namespace.pointer) }
        let wasInterrupted = result == nil && PyErr_ExceptionMatches(interruptType) != 0
        let reason = runGuard.end(gil)
        let duration = clock.now - start
        guard let result else {
            _ = pyshim_run_guards_end(0)  // the working directory; an exception stays pending
            let refused = refusedModule(gil)
            var exception = gil.fetchException(filename: options.filename, source: source)
            (exception.stdout, exception.stderr) = finishCapture(capture, gil)
            if wasInterrupted, let reason { throw PyEmbedError.interrupted(reason, exception) }
            if let refused { throw PyEmbedError.unavailableInSubinterpreter(module: refused, exception) }
            throw PyEmbedError.exception(exception)
        }
        pyshim_decref(result)
        if pyshim_run_guards_end(0) < 0 { PyErr_Clear() }
        let (stdout, stderr) = finishCapture(capture, gil)
        if let reason {
            var exception = PythonException(typeName: "PyEmbedInterrupt", message: "the run was interrupted (\(reason)) but went on")
            (exception.stdout, exception.stderr) = (stdout, stderr)
            throw PyEmbedError.interrupted(reason, exception)
        }
        let output = RunOutput(stdout: stdout, stderr: stderr, namespace: namespace, duration: duration)
        let value = try read(output, gil)
        return (SubinterpreterOutput(stdout: stdout, stderr: stderr, duration: duration, interpreter: id), value)
    }

    /// The module a refused import named, if the pending exception's chain has one
    /// (the exception stays pending).
    private func refusedModule(_ gil: GIL) -> String? {
        let exception = pyshim_stash_exception()
        defer { pyshim_restore_exception(exception) }
        guard let exception else { return nil }
        let name = try? supportFunction("refused_module", gil).call([PythonObject(retaining: exception, gil)]).borrow(gil).decode(String?.self)
        PyErr_Clear()
        return name ?? nil
    }

    /// Puts the interpreter's own streams back and returns what the run wrote.
    private func finishCapture(_ capture: PythonObject?, _ gil: GIL) -> (String, String) {
        guard let capture else { return ("", "") }
        let pending = pyshim_stash_exception()
        defer { pyshim_restore_exception(pending) }
        let text = try? supportFunction("end_capture", gil).call([capture]).borrow(gil).decodeTuple(String.self, String.self)
        PyErr_Clear()
        return text ?? ("", "")
    }
}
