import ArgumentParser

extension PyExec {
    /// Runs `pyexec` with the process's arguments through ArgumentParser's
    /// asynchronous entry point (the executable's only call).
    ///
    /// Top-level code in `main.swift` picks the synchronous `main()`, which
    /// refuses an asynchronous command; inside this `async` function the
    /// asynchronous overload is the one chosen.
    public static func runFromCommandLine() async {
        await main()
    }
}
