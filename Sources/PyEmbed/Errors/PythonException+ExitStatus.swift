extension PythonException {
    /// For a `SystemExit`, the status a `python3` process would exit with: 0 for
    /// no code or `None`, the code when it is an integer or a bool (kept to its low
    /// 8 bits, as the operating system keeps it), 1 for anything else (a message);
    /// `nil` for any other exception.
    ///
    /// Read from the exception's text (its arguments): a `code` attribute changed
    /// after the exception was made is not seen.
    public var exitStatus: Int32? {
        guard isInstance(of: "SystemExit") else { return nil }
        switch message {
        case "", "None", "False": return 0
        case "True": return 1
        default:
            guard let code = Int64(message) else { return 1 }
            return Int32(truncatingIfNeeded: code & 0xFF)
        }
    }
}
