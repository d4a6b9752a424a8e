#if canImport(Glibc)
import Glibc
#endif

/// How a run in a worker process failed: every way a child can end that is
/// not success, each with what the run printed until then.
public enum WorkerError: Error, Sendable, CustomStringConvertible {
    /// The code raised (a `SyntaxError` included); `stdout`/`stderr` are in the exception.
    case exception(PythonException)
    /// The run passed its wall-clock limit and was killed.
    case timedOut(seconds: Double, output: WorkerOutput)
    /// The calling task was cancelled and the run was killed.
    case cancelled(output: WorkerOutput)
    /// The process exited before reporting: `os._exit(n)`, or `sys.exit(n)`.
    case exited(code: Int32, output: WorkerOutput)
    /// The process was killed by a signal (a crash such as `SIGSEGV`, or `SIGKILL` from outside).
    case signalled(signal: Int32, output: WorkerOutput)
    /// The run needed more memory than its limit allowed.
    case memoryLimitExceeded(bytes: Int, output: WorkerOutput)
    /// The run used up its CPU-time limit.
    case cpuTimeLimitExceeded(seconds: Int, output: WorkerOutput)
    /// The run's results were larger than ``WorkerRunOptions/resultLimit``; they were not read.
    case resultTooLarge(bytes: Int, limit: Int, output: WorkerOutput)
    /// The worker failed around the code: the job could not be prepared (a
    /// missing working directory, an input it could not convert) or the
    /// results could not be sent back.
    case runFailed(String, output: WorkerOutput)
    /// No worker could be started, or it died while the run was in flight.
    case workerUnavailable(String)
    /// The run's report could not be decoded (it is treated as untrusted).
    case invalidReply(String)
    /// An option or input was rejected before anything ran.
    case invalidArgument(String)

    /// What the run printed before it failed (empty when nothing ran).
    public var output: WorkerOutput {
        switch self {
        case let .exception(exception):
            return WorkerOutput(stdout: exception.stdout, stderr: exception.stderr,
                                stdoutByteCount: exception.stdout.utf8.count, stderrByteCount: exception.stderr.utf8.count)
        case let .timedOut(_, output), let .cancelled(output), let .exited(_, output), let .signalled(_, output),
             let .memoryLimitExceeded(_, output), let .cpuTimeLimitExceeded(_, output), let .runFailed(_, output),
             let .resultTooLarge(_, _, output):
            return output
        case .workerUnavailable, .invalidReply, .invalidArgument:
            return WorkerOutput()
        }
    }

    /// A one-line explanation.
    public var description: String {
        switch self {
        case let .exception(exception): return exception.description
        case let .timedOut(seconds, _): return "the run took longer than its \(seconds) s limit and was killed"
        case .cancelled: return "the run was cancelled and killed"
        case let .exited(code, output):
            let reason = "the run's process exited with status \(code) without reporting a result (os._exit, sys.exit, or its report channel was closed)"
            let last = output.stderr.split(whereSeparator: \.isNewline).last.map { $0.prefix(500) }
            return last.map { reason + "; its last error output: \($0)" } ?? reason
        case let .resultTooLarge(bytes, limit, _): return "the run's results take \(bytes) bytes, more than the limit of \(limit)"
        case let .signalled(signal, _): return "the run's process was killed by \(Self.signalName(signal))"
        case let .memoryLimitExceeded(bytes, _): return "the run needed more memory than its limit of \(bytes) bytes"
        case let .cpuTimeLimitExceeded(seconds, _): return "the run used up its CPU-time limit of \(seconds) s"
        case let .runFailed(message, _): return "the worker could not complete the run: \(message)"
        case let .workerUnavailable(message): return "no worker process: \(message)"
        case let .invalidReply(message): return "the run's report was invalid: \(message)"
        case let .invalidArgument(message): return message
        }
    }

    /// The conventional name of a signal (`SIGSEGV`), or `signal N`.
    public static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
            SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
            SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ", SIGSYS: "SIGSYS",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}
