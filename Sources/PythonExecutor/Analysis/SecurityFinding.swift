/// One risky construct found in the code.
public struct SecurityFinding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What kind of risk.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// `exec`, `eval`, `compile`, `runpy.run_path`…: runs code built at run time.
        case codeExecution = "code_execution"
        /// `__import__`, or `importlib.import_module` with a name that is not a literal.
        case dynamicImport = "dynamic_import"
        /// `subprocess` (any use or import), `os.system`, `os.popen`, `os.exec*`, `os.spawn*`…
        case processExecution = "process_execution"
        /// `ctypes` (or `cffi`): raw access to native memory and C functions.
        case nativeCode = "native_code"
        /// `getattr` on a sensitive module (`os`, `builtins`, …) with a computed name.
        case dynamicAttribute = "dynamic_attribute"
        /// A file written (or removed) at a literal path outside the execution folder.
        case fileWrite = "file_write"
    }

    /// How serious a finding is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The code must be regenerated.
        case error
        /// Reported to the caller; the code may run.
        case warning
    }

    /// What kind of risk.
    public var kind: Kind
    /// How serious it is.
    public var severity: Severity
    /// The line, from 1.
    public var line: Int
    /// The column, from 1.
    public var column: Int
    /// What was used, resolved through aliases (`os.system`, `subprocess.run`), or the path written.
    public var name: String
    /// A sentence for the error chain and the caller: `line 3: `os.system` starts an operating-system process…`.
    public var message: String

    /// Creates a finding.
    public init(kind: Kind, severity: Severity, line: Int, column: Int = 0, name: String, message: String) {
        self.kind = kind
        self.severity = severity
        self.line = line
        self.column = column
        self.name = name
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
