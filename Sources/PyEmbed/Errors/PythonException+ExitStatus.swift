extension PythonException {
    /// For a `SystemExit`, the status a `python3` process would exit with: 0 for
    /// no code or `None`, the code when it is an integer, 1 for anything else (a
    /// message); `nil` for any other exception.
    public var exitStatus: Int32? {
        guard isInstance(of: "SystemExit") else { return nil }
        if message.isEmpty || message == "None" { return 0 }
        return Int32(message) ?? 1
    }
}
