import Foundation

/// A file that code under test creates once it has started, so that a test
/// acts on a running run instead of guessing how long starting takes.
struct StartMark {
    /// A fresh path in the temporary directory.
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("pyembed-started-\(UUID().uuidString)").path

    /// Python that creates the file (a line to put before the code that should be running).
    var python: String { "open(\(String(reflecting: path)), 'w').close()\n" }

    /// Waits until the file exists; `false` after 180 s (generous: a run may first
    /// wait in the interpreter's queue behind other suites' runs).
    func reached() async -> Bool {
        let deadline = ContinuousClock.now + .seconds(180)
        while !FileManager.default.fileExists(atPath: path) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Removes the file.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
