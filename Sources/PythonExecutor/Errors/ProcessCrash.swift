import PyEmbed

/// How the process running the code died before it reported results: a worker
/// process of the process tier, or a Jupyter kernel (`os._exit`, a crash in
/// native code, a kill), with what the host or the server knows of its end.
public struct ProcessCrash: Sendable, Hashable, CustomStringConvertible {
    /// Which kind of process ran the code.
    public enum Process: String, Sendable, Hashable {
        /// A process-tier worker's run process.
        case worker
        /// A Jupyter kernel.
        case kernel
    }

    /// Which kind of process died.
    public var process: Process
    /// Its exit status, when it exited (process tier).
    public var exitStatus: Int?
    /// The signal that ended it (its name, such as `SIGSEGV`), when one did (process tier).
    public var signal: String?
    /// The kernel's id on its server (Jupyter).
    public var kernelID: String?
    /// The kernel state the server announced (`restarting` or `dead`; Jupyter).
    public var kernelState: String?
    /// What happened, in words.
    public var message: String

    /// Creates a crash record.
    public init(process: Process, exitStatus: Int? = nil, signal: String? = nil, kernelID: String? = nil, kernelState: String? = nil, message: String) {
        self.process = process
        self.exitStatus = exitStatus
        self.signal = signal
        self.kernelID = kernelID
        self.kernelState = kernelState
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// The crash as a dictionary (`process`, `exit_status`, `signal`, `kernel_id`,
    /// `kernel_state`; absent facts are `None`) for `pyexec --json`.
    public var dictionary: PythonValue {
        func text(_ value: String?) -> PythonValue { value.map(PythonValue.string) ?? .none }
        let entries: [(String, PythonValue)] = [
            ("process", .string(process.rawValue)), ("exit_status", exitStatus.map { PythonValue.int(PythonInteger($0)) } ?? .none),
            ("signal", text(signal)), ("kernel_id", text(kernelID)), ("kernel_state", text(kernelState)),
        ]
        return .dict(PythonDictionary(entries.map { PythonDictionary.Entry(key: .string($0.0), value: $0.1) }))
    }
}
