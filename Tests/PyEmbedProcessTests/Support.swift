import Foundation
import Synchronization
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

/// How a watched run ended, once it has.
final class EndNote: Sendable {
    let note = Mutex<String?>(nil)
}

/// Why a run that was to write its process id never did.
struct NoProcessID: Error, CustomStringConvertible {
    var description: String
}

/// The process id a run wrote to `path` (atomically, by rename), waiting up to 180 s for it
/// (a fresh pool's worker start with its preload is part of the wait: minutes in a loaded full suite),
/// or failing at once with the run's own outcome if `run` ends first.
func waitForPID(in path: String) async throws -> pid_t {
    try await waitForPID(in: path, of: Task<Void, any Error>?.none)
}

/// ``waitForPID(in:)``, failing at once with the run's outcome if `run` ends before writing.
func waitForPID<T: Sendable>(in path: String, of run: Task<T, any Error>?) async throws -> pid_t {
    let deadline = ContinuousClock.now + .seconds(180)
    let ended = EndNote()
    let watcher = run.map { run in Task { let result = await run.result; ended.note.withLock { $0 = "the run ended first: \(result)" } } }
    defer { watcher?.cancel() }
    while ContinuousClock.now < deadline {
        if let text = try? String(contentsOfFile: path, encoding: .utf8), let pid = pid_t(text) { return pid }
        if let reason = ended.note.withLock({ $0 }) { throw NoProcessID(description: reason) }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw NoProcessID(description: "no process id in \(path) after 180 s")
}

/// Whether process `pid` is gone (not alive, or only a zombie), waiting up to 30 s for it to go.
func processIsGone(_ pid: pid_t) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline {
        if !isAlive(pid) { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return false
}

/// Whether process `pid` exists and is not a zombie.
func isAlive(_ pid: pid_t) -> Bool {
    // The state follows the name, which is in parentheses and may hold spaces.
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
}

/// The live processes (not zombies) whose name (`/proc/<pid>/comm`) is `name`.
func livingProcesses(named name: String) -> [pid_t] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { pid_t($0) }.filter { pid in
        let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .newlines)
        return comm == name && isAlive(pid)
    }
}

/// This process's resident memory (`VmRSS`), in bytes.
func residentBytes() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
}

/// Python defining `host_pid(pid)`: the number the host knows the run's
/// process `pid` by — runs have a PID namespace of their own, whose numbers
/// mean nothing outside it — for the run itself or one of its children
/// (`/proc` is the host's, so its `children` lists and `NSpid` lines give both numbers).
let hostPIDFunction = """
import os as _os
def host_pid(pid):
    def numbers(host):
        return [int(n) for n in [line for line in open(f'/proc/{host}/status') if line.startswith('NSpid:')][0].split()[1:]]
    if pid == _os.getpid():
        return numbers('self')[0]
    for task in _os.listdir('/proc/self/task'):
        for child in open(f'/proc/self/task/{task}/children').read().split():
            if numbers(child)[-1] == pid:
                return int(child)
    raise LookupError(f'no child {pid}')

"""
