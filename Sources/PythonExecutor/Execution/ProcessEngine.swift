import Foundation
import PyEmbedProcess

/// Runs generated code in a new process forked from a warm worker, with the
/// execution folder as its working directory (as the reference's subprocess
/// wrapper does): a crash, an `os._exit`, a hang or a memory blow-up ends that
/// process, never the service, and the timeout is a hard kill.
struct ProcessEngine: ExecutionEngine {
    let pool: WorkerPool
    var timeoutSeconds: Double
    let tier: ExecutorConfiguration.ProcessTier
    /// Variables the code's runs get (the EPICS connector's Channel Access settings).
    var environment: [String: String] = [:]
    /// Runs go to this session's persistent process instead of a new fork of the pool's worker.
    var session: WorkerSession?
    /// Receives what the code prints, as it prints it.
    var onOutput: (@Sendable (WorkerOutputChunk) -> Void)?

    func adapted(to overrides: RunOverrides) -> any ExecutionEngine {
        var engine = self
        if let seconds = overrides.timeoutSeconds { engine.timeoutSeconds = seconds }
        if case let .worker(session)? = overrides.session?.storage { engine.session = session }
        engine.onOutput = overrides.onOutput ?? onOutput
        return engine
    }

    func run(_ code: String, context: PythonValue?, folder: String, attempt: Int) async throws(RunnerFailure) -> ExecutionOutcome {
        let limit = timeoutSeconds.isFinite ? min(max(timeoutSeconds, 0.001), 1_000_000) : 1_000_000
        let options = WorkerRunOptions(
            filename: Self.filename, timeout: .milliseconds(Int64(limit * 1000)),
            memoryLimit: tier.memoryLimitMB.map { $0 << 20 }, cpuTimeLimit: tier.cpuTimeLimitSeconds,
            outputLimit: tier.outputLimitBytes, workingDirectory: folder, environment: environment, variables: .named(["results"]),
            onOutput: onOutput)
        // The worker's input adapter makes `context` a `pyexec_runtime.Context` over this data.
        let inputs: [String: PythonValue] = ["context": context ?? .dict(PythonDictionary())]
        let output: WorkerRunOutput
        do {
            if let session {
                // An earlier run's `results` must not pass for this run's.
                _ = try await session.run(Self.forgetResults, options: WorkerRunOptions(timeout: options.timeout, variables: .named([])))
                output = try await session.run(code, inputs: inputs, options: options)
            } else {
                output = try await pool.run(code, inputs: inputs, options: options)
            }
        } catch {
            throw Self.failure(error, attempt: attempt, folder: folder)
        }
        if let reason = output.conversionFailures["results"] {
            // The code ran to its end (perhaps writing to channels): running it again would repeat that.
            throw RunnerFailure(
                error: .workflow(message: "the code ran, but its results could not be converted: \(reason)", stage: .execution),
                stdout: output.stdout, stderr: output.stderr)
        }
        guard let results = output["results"] else {
            throw RunnerFailure(
                error: .runtime(message: "Code did not create required 'results' dictionary", traceback: "", attempt: attempt, folder: folder),
                stdout: output.stdout, stderr: output.stderr, resultsMissing: true)
        }
        return ExecutionOutcome(
            results: results, stdout: output.stdout, stderr: output.stderr, seconds: output.duration.seconds, figures: output.figures,
            conversionWarnings: output.conversionWarnings, figureFailures: output.figureFailures)
    }

    /// Removes `results` from a session's namespace before a run.
    static let forgetResults = "globals().pop('results', None)"

    /// The executor's error for a run that failed in its worker process.
    static func failure(_ error: WorkerError, attempt: Int, folder: String) -> RunnerFailure {
        let output = error.output
        func runtime(_ message: String) -> RunnerFailure {
            RunnerFailure(error: .runtime(message: message, traceback: "", attempt: attempt, folder: folder), stdout: output.stdout, stderr: output.stderr)
        }
        func crashed(_ crash: ProcessCrash) -> RunnerFailure {
            RunnerFailure(error: .crashed(crash, attempt: attempt, folder: folder), stdout: output.stdout, stderr: output.stderr)
        }
        switch error {
        case let .exception(exception):
            return RunnerFailure(error: InProcessRunner.failure(exception, attempt: attempt, folder: folder), exception: exception)
        case let .timedOut(seconds, _):
            return RunnerFailure(error: .executionTimeout(seconds: seconds, attempt: attempt, folder: folder), stdout: output.stdout, stderr: output.stderr)
        case .cancelled:
            // Not the code's fault, and not to be retried: the caller gave up on the run (its process was killed).
            return RunnerFailure(error: .cancelled(stage: .execution, attempt: attempt, folder: folder), stdout: output.stdout, stderr: output.stderr)
        case let .exited(code, _):
            return crashed(ProcessCrash(
                process: .worker, exitStatus: Int(code),
                message: "the code's process ended with exit status \(code) before it reported results (os._exit, sys.exit, or its report channel closed); no results were produced"))
        case let .signalled(signal, _):
            let name = WorkerError.signalName(signal)
            return crashed(ProcessCrash(
                process: .worker, signal: name,
                message: "the code's process was killed by \(name) (a crash in native code, or a signal); no results were produced"))
        case .memoryLimitExceeded, .cpuTimeLimitExceeded, .resultTooLarge:
            return runtime("\(error)")
        case .runFailed, .workerUnavailable, .invalidReply, .invalidArgument:
            return RunnerFailure(error: .workflow(message: "\(error)", stage: .execution), stdout: output.stdout, stderr: output.stderr)
        }
    }
}
