import Foundation
import ProcessShim
import Synchronization

/// One run, from the host's side: sends the job to a worker, enforces the
/// deadline and cancellation, and turns what came back into an output or a
/// ``WorkerError``. Shared by ``WorkerPool`` and ``WorkerSession``.
enum RunExecution {
    /// How long the worker has to confirm a run's end after the host killed it
    /// before the host gives up on the confirmation.
    static let confirmation = Duration.seconds(1)
    /// How long after a run's deadline a worker that has not confirmed starting the run is taken for stuck.
    static let stuckAfter = Duration.seconds(5)
    /// How long a worker may take to start a run's process before the host
    /// takes it for stuck (stopped, say) and replaces it.
    static let startLimit = Duration.seconds(30)
    private static let nextID = Atomic<UInt64>(1)

    /// How to stop a run in flight.
    typealias Stopper = @Sendable (WorkerConnection, UInt64) -> Void

    /// - Parameters:
    ///   - stop: kills the run in flight (deadline, cancellation).
    ///   - settle: called when the run is over before its process was seen to
    ///     end (a report, then closed streams): makes sure nothing of it goes on.
    static func perform(
        _ code: String, inputs: [String: PythonValue], options: WorkerRunOptions,
        on connection: WorkerConnection, stop: @escaping Stopper, settle: Stopper? = nil
    ) async throws(WorkerError) -> WorkerRunOutput {
        if let timeout = options.timeout, timeout <= .zero { throw .invalidArgument("the timeout must be positive, not \(timeout)") }
        if let bytes = options.memoryLimit, bytes <= 0 { throw .invalidArgument("the memory limit must be positive, not \(bytes)") }
        if let seconds = options.cpuTimeLimit, seconds <= 0 { throw .invalidArgument("the CPU-time limit must be positive, not \(seconds)") }
        let job = JobSpec(
            code: code, filename: options.filename, inputs: inputs, variableNames: options.variables.names,
            workingDirectory: options.workingDirectory, environment: options.environment,
            memoryLimitBytes: options.memoryLimit, cpuTimeLimitSeconds: options.cpuTimeLimit)
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let channel = try RunChannel(id: id, job: job, options: options)
        try connection.submit(channel)
        let watchdog = IOLoop.shared.schedule(after: startLimit) {
            if !channel.isConfirmed && !channel.isFinished {
                connection.abandon("it did not start a run's process within \(startLimit)")
            }
        }
        // Stopping does not rely on the worker alone: the host kills the run's process group itself,
        // and gives up waiting for the worker's confirmation after a second.
        let halt: @Sendable (RunChannel.Stop) -> Void = { reason in
            channel.stop(reason)
            stop(connection, id)
            channel.killProcessGroup()
            // A worker that has not confirmed starting the run may be busy, or stuck (stopped, say):
            // if it still has not a few seconds later, it is stuck: replace it.
            if !channel.isConfirmed {
                IOLoop.shared.schedule(after: stuckAfter) {
                    if !channel.isConfirmed { connection.abandon("it did not start a run within \(stuckAfter) after the run's deadline") }
                }
            }
            IOLoop.shared.schedule(after: confirmation) { channel.lost("the worker did not confirm the end of the killed run") }
        }
        let deadline = options.timeout.map { timeout in
            IOLoop.shared.schedule(after: timeout) {
                halt(.timeout(Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18))
            }
        }
        let finished = await withTaskCancellationHandler {
            await channel.finished()
        } onCancel: {
            halt(.cancelled)
        }
        if let deadline { IOLoop.shared.cancel(deadline) }
        IOLoop.shared.cancel(watchdog)
        if finished.ended == nil && finished.lostReason == nil { settle?(connection, id) }
        return try outcome(finished, options: options)
    }

    /// The run's result: why the host stopped it, if it did so before the run was over (a
    /// report sent by some process of the run does not make a run that overran its deadline
    /// a success); else its report; else how its process ended.
    static func outcome(_ finished: RunChannel.Finished, options: WorkerRunOptions) throws(WorkerError) -> WorkerRunOutput {
        let output = finished.output
        defer { if let file = finished.reportFile { Descriptors.close(file) } }
        if let stop = finished.stop {
            switch stop {
            case .timeout where !finished.started:
                // The code never ran: say so, rather than blame it for the time.
                throw .workerUnavailable(finished.lostReason ?? "the worker never started the run; it was replaced")
            case let .timeout(seconds): throw .timedOut(seconds: seconds, output: output)
            case .cancelled: throw .cancelled(output: output)
            }
        }
        guard let file = finished.reportFile else {
            guard let ended = finished.ended else { throw .workerUnavailable(finished.lostReason ?? "the run ended without a report") }
            throw ended.failure(options: options, output: output)
        }
        let report: RunReport
        do {
            report = try RunReport(record: SealedMemory.read(file, limits: WireLimits(maxMessageBytes: options.resultLimit)))
        } catch let SealedMemory.ReadError.tooLarge(size) {
            throw .resultTooLarge(bytes: size, limit: options.resultLimit, output: output)
        } catch {
            throw .invalidReply("\(error)")
        }
        switch report.outcome {
        case .completed:
            return WorkerRunOutput(
                output: output, variables: report.variables, conversionFailures: report.conversionFailures,
                conversionWarnings: report.conversionWarnings,
                figures: report.figures, figureFailures: report.figureFailures,
                duration: .nanoseconds(report.durationNanoseconds),
                cpuTime: .microseconds(report.cpuMicroseconds), maxResidentBytes: Int(report.maxResidentKiB) * 1024)
        case var .raised(exception):
            if exception.isInstance(of: "MemoryError"), let limit = options.memoryLimit {
                throw .memoryLimitExceeded(bytes: limit, output: output)
            }
            exception.stdout = output.stdout
            exception.stderr = output.stderr
            throw .exception(exception)
        case let .exited(code, _):
            throw .exited(code: code, output: output)
        case let .setupFailed(message):
            throw .runFailed(message, output: output)
        }
    }
}

extension RunChannel.Ended {
    /// Why a process that sent no report ended.
    func failure(options: WorkerRunOptions, output: WorkerOutput) -> WorkerError {
        if status == -1 { return .workerUnavailable("the worker could not start a process for the run (fork failed)") }
        let signal = pshim_term_signal(status)
        if let limit = options.cpuTimeLimit,
           signal == SIGXCPU || (signal == SIGKILL && cpuMicroseconds >= Int64(limit) * 1_000_000) {
            return .cpuTimeLimitExceeded(seconds: limit, output: output)
        }
        if signal != 0 { return .signalled(signal: signal, output: output) }
        return .exited(code: pshim_exit_code(status), output: output)
    }
}

extension WorkerRunOptions.Variables {
    /// The names asked for, or `nil` for all.
    var names: [String]? {
        if case let .named(names) = self { return names }
        return nil
    }
}
