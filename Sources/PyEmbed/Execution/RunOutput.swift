import CPythonShim

/// What a successful run produced: its printed output and its variables.
public struct RunOutput: Sendable {
    /// Everything the code wrote to `sys.stdout`.
    public let stdout: String
    /// Everything the code wrote to `sys.stderr`.
    public let stderr: String
    /// The module namespace (a `dict`) the code ran in.
    public let namespace: PythonObject
    /// Wall-clock time from compiling to the end of execution (figure capture not included).
    public let duration: Duration
    // MARK: matplotlib figure capture (see Matplotlib/FigureCapture.swift)
    /// Every pyplot figure still open when the run ended, in figure-number
    /// order, rendered and converted; all of them are closed by then, so the
    /// next run starts with none. Figures that another run, still going on
    /// another thread, created are left to that run. Always empty until some
    /// code has imported `matplotlib.pyplot` (PyEmbed never imports it itself).
    public let figures: [Figure]
    /// Open figures that could not be converted (say, mathtext matplotlib
    /// cannot draw). They were closed too; the run still succeeded.
    public let figureFailures: [FigureCaptureFailure]

    init(
        stdout: String, stderr: String, namespace: PythonObject, duration: Duration,
        figures: [Figure] = [], figureFailures: [FigureCaptureFailure] = []
    ) {
        self.stdout = stdout
        self.stderr = stderr
        self.namespace = namespace
        self.duration = duration
        self.figures = figures
        self.figureFailures = figureFailures
    }
    // MARK: end of figure capture

    /// The variable `name`, borrowed from the namespace, or `nil` if the code did not set it.
    public func variable(_ name: String, _ gil: GIL) -> BorrowedObject? {
        // Held itself, not only through the namespace: converting it may run code that rebinds the name.
        PyDict_GetItemString(namespace.pointer, name).map { BorrowedObject($0, gil, owner: PythonObject(retaining: $0, gil)) }
    }

    /// The variable `name` read as `type`.
    ///
    /// - Throws: ``PyEmbedError/missingVariable(_:)`` when the code did not set
    ///   it, ``PyEmbedError/conversion(_:)`` when it has another type.
    public func value<T: ConvertibleFromPython>(_ name: String, as type: T.Type = T.self, _ gil: GIL) throws(PyEmbedError) -> T {
        guard let object = variable(name, gil) else { throw .missingVariable(name) }
        do { return try T(python: object) } catch { throw .conversion(error.nested(in: name)) }
    }
}
