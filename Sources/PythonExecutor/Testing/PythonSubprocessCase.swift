import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One case run the usual way: `python3 -c CODE` in its own process, killed
/// at its deadline; the verdict is read from the exit status and the traceback
/// Python prints.
struct PythonSubprocessCase {
    let executable: String
    let code: String
    let timeout: Duration

    func verdict() async -> (CodeTestStatus, CodeTestFailure?) {
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("pyembed-case-\(UUID().uuidString).stderr")
        guard FileManager.default.createFile(atPath: errors.path, contents: nil), let errorFile = try? FileHandle(forWritingTo: errors) else {
            return (.crashed, CodeTestFailure(type: "Crashed", message: "cannot create \(errors.path)"))
        }
        defer { try? FileManager.default.removeItem(at: errors) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-c", code]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorFile
        let timedOut = TimeoutFlag()
        let status: Int32? = await withCheckedContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationReason == .exit ? $0.terminationStatus : nil) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(returning: -1)
                return
            }
            let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                guard process.isRunning else { return }
                timedOut.set()
                kill(pid, SIGKILL)
            }
        }
        try? errorFile.close()
        if timedOut.isSet { return (.timeout, CodeTestFailure(type: "Timeout", message: "ran longer than the limit")) }
        guard let status, status >= 0 else {
            return (.crashed, CodeTestFailure(type: "Crashed", message: "\(executable) was killed by a signal or could not start"))
        }
        if status == 0 { return (.passed, nil) }
        let text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        return (.failed, Self.failure(fromTraceback: text, status: status))
    }

    /// The last line of a traceback (`Type: message`) and the innermost line of the code.
    static func failure(fromTraceback text: String, status: Int32) -> CodeTestFailure {
        let lines = text.split(separator: "\n")
        var line: Int?
        for entry in lines where entry.hasPrefix("  File \"<string>\", line ") {
            let number = entry.dropFirst("  File \"<string>\", line ".count).prefix { $0.isNumber }
            line = Int(number)
        }
        guard let last = lines.last(where: { !$0.hasPrefix(" ") && !$0.isEmpty }) else {
            return CodeTestFailure(type: "SystemExit", message: "exit status \(status)", line: line)
        }
        let parts = last.split(separator: ":", maxSplits: 1)
        let type = String(parts[0])
        guard !type.contains(" ") else { return CodeTestFailure(type: "SystemExit", message: String(last), line: line) }
        let message = parts.count > 1 ? String(parts[1].dropFirst()) : ""
        return CodeTestFailure(type: type, message: message, line: line)
    }
}

/// Set once from the timer thread, read after the process ended.
private final class TimeoutFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
