@testable import PyEmbed
import Testing

/// The one runtime every test shares (Python starts once per process).
func python() throws -> PythonRuntime {
    try PythonRuntime.start()
}

/// Imports pyplot in a run of its own, so that the figure-ownership hook is installed
/// before a test's figures exist (the importing run's figures are unowned, and another
/// suite's run ending meanwhile could take them).
func importPyplotFirst() throws {
    _ = try python().withGIL { gil in try gil.run("import matplotlib.pyplot") }
}

/// Runs `code` synchronously and returns the variable `name` converted to a `PythonValue`.
func evaluate(_ code: String, _ name: String = "x") throws -> PythonValue {
    try python().withGIL { gil throws(PyEmbedError) in
        let output = try gil.run(code)
        return try output.value(name, as: PythonValue.self, gil)
    }
}

/// Runs `code` and reads `name` as `T`.
func evaluate<T: ConvertibleFromPython>(_ code: String, _ name: String = "x", as type: T.Type) throws -> T {
    try python().withGIL { gil throws(PyEmbedError) in
        try gil.run(code).value(name, as: T.self, gil)
    }
}

/// The `PythonException` inside a thrown `PyEmbedError.exception`, or a test failure.
func exception(from body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> PythonException? {
    do {
        try body()
        Issue.record("expected a Python exception", sourceLocation: sourceLocation)
    } catch let PyEmbedError.exception(exception) {
        return exception
    } catch {
        Issue.record("expected a Python exception, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Runs `code` that must raise, synchronously.
func raised(_ code: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> PythonException? {
    let runtime = try python()
    return exception(from: { _ = try runtime.withGIL { gil throws(PyEmbedError) in try gil.run(code) } }, sourceLocation: sourceLocation)
}

/// Converts a Swift value to Python, stores it as `value`, runs `check` (which
/// must set `ok`), and returns `ok`.
func pythonAgrees(_ value: any ConvertibleToPython, _ check: String) throws -> Bool {
    try python().withGIL { gil throws(PyEmbedError) in
        let output = try gil.run(check, inputs: ["value": value])
        return try output.value("ok", as: Bool.self, gil)
    }
}
