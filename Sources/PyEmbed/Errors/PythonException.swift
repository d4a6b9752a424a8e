/// A Python exception, carried into Swift as an error.
///
/// Every failure raised by Python code (including `SystemExit` and
/// `KeyboardInterrupt`, which never end the host process) arrives as one of
/// these, with the traceback Python would have printed.
public struct PythonException: Error, Sendable, Hashable, CustomStringConvertible {
    /// The exception type, qualified with its module unless it is a builtin:
    /// `ZeroDivisionError`, `json.decoder.JSONDecodeError`.
    public var typeName: String
    /// `str(exception)`.
    public var message: String
    /// The traceback as `traceback.format_exception` formats it, source lines included.
    public var traceback: String
    /// The innermost line of the executed code (the file named when it was run)
    /// that the traceback passes through, if any.
    public var line: Int?
    /// Where the code failed to parse, for `SyntaxError` and its subclasses.
    public var syntax: SyntaxErrorLocation? {
        get { located.first }
        set { located = newValue.map { [$0] } ?? [] }
    }
    /// ``syntax``, kept out of line (none or one element): an exception travels inside the
    /// typed errors of every frame of a recursive conversion, so its size is stack in each.
    private var located: [SyntaxErrorLocation] = []
    /// The exception's class and its bases, most derived first, named as
    /// ``typeName`` is (`numpy._core._exceptions._ArrayMemoryError`,
    /// `MemoryError`, `Exception`, `BaseException`); empty when unknown.
    public var hierarchy: [String] = []
    /// The classes registered with ``GIL/recogniseExceptions(of:)`` that the
    /// exception is an instance of, each named by the path it was registered
    /// under. Matched by the class object's identity: a class that only copies
    /// a registered class's name and `__module__` is not listed.
    public var recognisedClasses: [String] = []
    /// What the run wrote to `sys.stdout` before it raised.
    public var stdout: String = ""
    /// What the run wrote to `sys.stderr` before it raised.
    public var stderr: String = ""

    /// Creates an exception description.
    public init(
        typeName: String, message: String, traceback: String = "",
        line: Int? = nil, syntax: SyntaxErrorLocation? = nil
    ) {
        self.typeName = typeName
        self.message = message
        self.traceback = traceback
        self.line = line
        self.located = syntax.map { [$0] } ?? []
    }

    /// Whether the exception is an instance of the class named `name`
    /// (qualified as ``typeName`` is), judged by ``hierarchy``.
    public func isInstance(of name: String) -> Bool {
        typeName == name || hierarchy.contains(name)
    }

    /// `TypeName: message`, as the last line of a Python traceback.
    public var description: String {
        message.isEmpty ? typeName : "\(typeName): \(message)"
    }
}

/// Where a `SyntaxError` (or `IndentationError`, `TabError`) was found.
public struct SyntaxErrorLocation: Sendable, Hashable {
    /// The file name the code was compiled under.
    public var filename: String?
    /// The 1-based line of the error.
    public var line: Int?
    /// The 1-based column of the error.
    public var column: Int?
    /// The 1-based line where the offending range ends, when Python knows it.
    public var endLine: Int?
    /// The 1-based column where the offending range ends, when Python knows it.
    public var endColumn: Int?
    /// The source line that failed, as Python quotes it.
    public var text: String?

    /// Creates a location.
    public init(
        filename: String? = nil, line: Int? = nil, column: Int? = nil,
        endLine: Int? = nil, endColumn: Int? = nil, text: String? = nil
    ) {
        self.filename = filename
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.text = text
    }
}
