import Foundation
import PyEmbedProcess

/// The error a run in `pool` ends with, or `nil` when it succeeds.
func failure(
    of code: String, in pool: WorkerPool = sharedPool, options: WorkerRunOptions = WorkerRunOptions()
) async -> WorkerError? {
    do {
        _ = try await pool.run(code, options: options)
        return nil
    } catch {
        return error
    }
}

/// A fresh path in the temporary directory.
func temporaryPath(_ prefix: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
}

/// The process id a run wrote to `path` (atomically, by rename), waiting up to 30 s for it.
func waitForPID(in path: String) async throws -> pid_t {
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline {
        if let text = try? String(contentsOfFile: path, encoding: .utf8), let pid = pid_t(text) { return pid }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw CocoaError(.fileNoSuchFile)
}

/// Whether process `pid` is gone (not alive, or only a zombie), waiting up to 5 s for it to go.
func processIsGone(_ pid: pid_t) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(5)
    while ContinuousClock.now < deadline {
        let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first
        if state == nil || state == "Z" { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return false
}

/// This process's resident memory (`VmRSS`), in bytes.
func residentBytes() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
}
