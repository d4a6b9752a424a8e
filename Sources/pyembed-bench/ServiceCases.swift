import Foundation
import PyEmbed
import PyEmbedProcess
import PythonExecutor

/// Where the warm service's time goes, per stage, from the status events of
/// the `service typical job warm` row (filled by that row, read by the rows after it).
final class StageTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var samples: [String: [Double]] = [:]
    private(set) var requests: [Double] = []

    func record(_ stages: [(String, Double)], request: Double) {
        lock.withLock {
            for (stage, seconds) in stages { samples[stage, default: []].append(seconds) }
            requests.append(request)
        }
    }

    /// The median of a stage's samples (or of whole requests for `nil`) as a timing.
    func timing(_ stage: String?) throws -> Timing {
        let values = lock.withLock { stage.map { samples[$0] ?? [] } ?? requests }.sorted()
        guard !values.isEmpty else { throw BenchError("run the `service typical job warm` row first (no samples for \(stage ?? "requests"))") }
        return Timing(median: values[values.count / 2], min: values[0], iterations: 1, repetitions: values.count)
    }
}

/// The whole service (generate → analyse → execute with files and notebooks),
/// warm, in one process, against the reference's fresh subprocess per job.
func makeServiceCases(_ python: PythonRuntime) -> [BenchCase] {
    let pythonPath = baselinePython(python)
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("pyembed-bench-service-\(UUID().uuidString)").path
    let configuration = {
        var configuration = ExecutorConfiguration()
        configuration.filePaths.agentDataDir = root
        configuration.approval.pythonExecution.mode = .disabled
        configuration.execution.modes.writeAccess.requiresApproval = false
        return configuration
    }()
    let request = PythonExecutionRequest(
        userQuery: "Summarise the signal", taskObjective: "typical analysis", expectedResults: ["mean": "float"],
        executionFolderName: "bench")
    let stages = StageTimes()
    let wholeRequest = "whole warm request (same run)"
    let baseline = { try measure(MeasurePlan(repetitions: 5, warmup: 1, fixedIterations: 1)) { try runSubprocess(pythonPath, ProcessScripts.referenceJob) } }

    /// Twelve warm requests (after two for warm-up) through one service; stage times go to `times`.
    @Sendable func requests(_ isolation: ExecutorConfiguration.Isolation, _ times: StageTimes) async throws -> Timing {
        var configuration = configuration
        configuration.execution.isolation = isolation
        let service = try PythonExecutorService(configuration: configuration, generator: StaticCodeGenerator(code: ResultScripts.analysis))
        defer { try? FileManager.default.removeItem(atPath: root) }
        for _ in 0..<2 { _ = try await send(service, request, StageTimes()) }  // warm-up (not recorded): worker started, code compiled
        var perRequest: [Double] = []
        for _ in 0..<12 { perRequest.append(try await send(service, request, times)) }
        perRequest.sort()
        return Timing(median: perRequest[perRequest.count / 2], min: perRequest[0], iterations: 1, repetitions: perRequest.count)
    }

    return [
        BenchCase(
            name: "service typical job warm (execute with files and notebooks, process tier)",
            baselineName: "fresh python subprocess: same job, PNG + results.json (the reference's way)", target: .fasterBy(10),
            ours: { try await requests(.process, stages) }, baseline: baseline),
    ] + [
        ("setup", "service stage: setup (folder, context.json)"),
        ("generating", "service stage: generate"),
        ("analyzing", "service stage: analyse"),
        ("executing", "service stage: execute + figures, results, notebook, metadata"),
    ].map { stage, name in
        BenchCase(
            name: name, baselineName: wholeRequest, target: .none,
            ours: { try stages.timing(stage) }, baseline: { try stages.timing(nil) })
    } + [
        BenchCase(
            name: "service typical job warm, in_process tier", baselineName: "fresh python subprocess: same job, PNG + results.json",
            target: .fasterBy(10), ours: { try await requests(.inProcess, StageTimes()) }, baseline: baseline),
    ] + makeSavingCases(python, root: root + "-parts")
}

/// One request through `service`; its stage times are recorded from the status events.
/// - Returns: Its seconds.
private func send(_ service: PythonExecutorService, _ request: PythonExecutionRequest, _ times: StageTimes) async throws -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    let marks = EventMarks()
    let outcome = try await service.execute(request) { event in marks.add(event.stage.rawValue, clock.now) }
    guard case let .success(result) = outcome, result.executionResult.figurePaths.count == 1 else {
        throw BenchError("the service job did not succeed with one figure: \(outcome)")
    }
    let end = clock.now
    times.record(marks.stages(start: start, end: end), request: seconds(end - start))
    return seconds(end - start)
}

/// The saving steps of a successful run, one row each, on a real result of the typical job.
private func makeSavingCases(_ python: PythonRuntime, root: String) -> [BenchCase] {
    let request = PythonExecutionRequest(userQuery: "q", taskObjective: "t", executionFolderName: "parts")
    func prepared() async throws -> (ExecutionFiles, PythonValue, Figure) {
        let pool = WorkerPool()
        let run = try await pool.run(ResultScripts.analysis, options: WorkerRunOptions(variables: .named(["results"])))
        guard let results = run["results"], let figure = run.figures.first else { throw BenchError("the job's results did not come back") }
        let files = try ExecutionFiles.create(name: "parts", configuration: FileLayoutConfiguration(agentDataDirectory: root))
        return (files, results, figure)
    }
    let plan = MeasurePlan(loopTarget: .milliseconds(100), repetitions: 7, warmup: 2)
    let stateLabel = "figure PNG save (same run)"
    func figureSave() async throws -> Timing {
        let (files, _, figure) = try await prepared()
        return try measure(plan) { blackHole(try files.saveFigure(png: figure.png, index: 1)) }
    }
    return [
        BenchCase(
            name: "service stage: results.json (encode once, write)", baselineName: stateLabel, target: .none,
            ours: {
                let (files, results, _) = try await prepared()
                return try measure(plan) { blackHole(try files.writeResults(json: try files.resultsJSON(results))) }
            },
            baseline: figureSave),
        BenchCase(
            name: "service stage: final notebook (bounded results summary)", baselineName: stateLabel, target: .none,
            ours: {
                let (files, results, _) = try await prepared()
                return try measure(plan) {
                    blackHole(try files.writeFinalNotebook(
                        code: ResultScripts.analysis, request: request, figurePaths: [files.folderPath + "/figures/figure_01.png"],
                        resultsSummary: ResultsSummary.markdown(results)))
                }
            },
            baseline: figureSave),
        BenchCase(
            name: "service stage: execution_metadata.json", baselineName: stateLabel, target: .none,
            ours: {
                let (files, _, _) = try await prepared()
                let metadata = ExecutionMetadata(
                    startTime: Date(), endTime: Date(), success: true, stdout: "mean 0.5\n", stderr: "", resultsSaved: true,
                    figuresSaved: [files.folderPath + "/figures/figure_01.png"], executionTimeSeconds: 0.02)
                return try measure(plan) { blackHole(try files.writeMetadata(metadata)) }
            },
            baseline: figureSave),
    ]
}

/// Status events' times, turned into per-stage durations.
private final class EventMarks: @unchecked Sendable {
    private let lock = NSLock()
    private var marks: [(String, ContinuousClock.Instant)] = []

    func add(_ stage: String, _ time: ContinuousClock.Instant) {
        lock.withLock { marks.append((stage, time)) }
    }

    /// `setup` (start to the first event), then each stage until the next event (the last until `end`).
    func stages(start: ContinuousClock.Instant, end: ContinuousClock.Instant) -> [(String, Double)] {
        let marks = lock.withLock { self.marks }.filter { $0.0 != "succeeded" }
        guard let first = marks.first else { return [] }
        var result = [("setup", seconds(first.1 - start))]
        for (position, mark) in marks.enumerated() {
            let next = position + 1 < marks.count ? marks[position + 1].1 : end
            result.append((mark.0, seconds(next - mark.1)))
        }
        return result
    }
}
