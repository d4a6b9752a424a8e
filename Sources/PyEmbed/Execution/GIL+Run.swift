import CPythonShim

extension GIL {
    /// Compiles and runs `code` on the calling thread, which holds the GIL.
    ///
    /// The code runs as written, as a module (`__name__ == "__main__"`), in the
    /// namespace `options` names, after `inputs` are set as variables in it.
    /// What it prints is captured. `SystemExit` and `KeyboardInterrupt` come
    /// back as errors like any other exception.
    ///
    /// - Throws: ``PyEmbedError/exception(_:)`` for a `SyntaxError` or an
    ///   exception the code raised (with the output printed before it),
    ///   ``PyEmbedError/interrupted(_:_:)`` when its time limit passed, and
    ///   ``PyEmbedError/conversion(_:)`` when an input cannot become Python.
    public func run(
        _ code: String, options: RunOptions = RunOptions(), inputs: [String: any ConvertibleToPython] = [:]
    ) throws(PyEmbedError) -> RunOutput {
        try run(code, options: options, inputs: inputs, guard: RunGuard(timeout: options.timeout))
    }

    func run(
        _ source: String, options: RunOptions, inputs: [String: any ConvertibleToPython], guard runGuard: RunGuard
    ) throws(PyEmbedError) -> RunOutput {
        let clock = ContinuousClock()
        let start = clock.now
        let namespace: PythonObject, code: PythonObject, capture: OutputCapture?
        do {
            namespace = try self.namespace(options.namespace)
            try set(inputs, in: namespace)
            code = try Globals.compile(source, filename: options.filename, self)
            capture = options.capturesOutput ? try OutputCapture(limit: options.outputLimit, self) : nil
        } catch let error as PyEmbedError {
            throw error
        } catch let error as PythonException {
            throw .exception(error)
        } catch {
            throw .exception(PythonException(typeName: "SystemError", message: "\(error)"))
        }
        if let reason = runGuard.begin(self) {
            _ = capture?.finish(self)
            throw .interrupted(reason, PythonException(typeName: "PyEmbedInterrupt", message: "interrupted before it started"))
        }
        let state = RunState(self)
        let result = withExtendedLifetime(code) { PyEval_EvalCode(code.pointer, namespace.pointer, namespace.pointer) }
        let wasInterrupted = result == nil && PyErr_ExceptionMatches(SupportModule.installed.interruptType.pointer) != 0
        let reason = runGuard.end(self)
        let duration = clock.now - start
        restore(state)
        guard let result else {
            var exception = fetchException(filename: options.filename, source: source)
            FigureCapture.discard(self)  // figure capture: close what the failed run left open
            (exception.stdout, exception.stderr) = capture?.finish(self) ?? ("", "")
            if wasInterrupted, let reason { throw .interrupted(reason, exception) }
            throw .exception(exception)
        }
        pyshim_decref(result)
        if let reason {
            // The code outlived its limit (it swallowed the interrupt, or finished inside C as it fired).
            FigureCapture.discard(self)
            var exception = PythonException(typeName: "PyEmbedInterrupt", message: "the run was interrupted (\(reason)) but went on")
            (exception.stdout, exception.stderr) = capture?.finish(self) ?? ("", "")
            throw .interrupted(reason, exception)
        }
        // Figure capture, while output capture is on: it identifies the run, and drawing warnings go to its stderr.
        let captured = FigureCapture.take(self)
        let (stdout, stderr) = capture?.finish(self) ?? ("", "")
        return RunOutput(
            stdout: stdout, stderr: stderr, namespace: namespace, duration: duration,
            figures: captured.figures, figureFailures: captured.failures)
    }

    /// Puts back what the run changed process-wide, keeping its exception (if
    /// any) pending: Python must not run while an exception is set.
    private func restore(_ state: RunState) {
        let exception = pyshim_stash_exception()
        state.restore(self)
        pyshim_restore_exception(exception)
    }

    private func namespace(_ namespace: RunOptions.Namespace) throws(PyEmbedError) -> PythonObject {
        do {
            switch namespace {
            case .fresh: return try Globals.make(self)
            case let .named(name): return try PythonRuntime.shared.namespaces.dictionary(name, self)
            }
        } catch let error as PyEmbedError {
            throw error
        } catch let error as PythonException {
            throw .exception(error)
        } catch {
            throw .exception(PythonException(typeName: "SystemError", message: "\(error)"))
        }
    }

    func set(_ inputs: [String: any ConvertibleToPython], in namespace: PythonObject) throws(PyEmbedError) {
        for (name, value) in inputs {
            let object: PythonObject
            do { object = try value.pythonObject(self) } catch { throw .conversion(error.nested(in: "input '\(name)'")) }
            guard PyDict_SetItemString(namespace.pointer, name, object.pointer) == 0 else { throw .exception(fetchException()) }
        }
    }
}
