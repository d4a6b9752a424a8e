import Foundation
import PyEmbedProcess

/// Python source for the process-tier rows.
enum ProcessScripts {
    static let array = "import numpy as np\na = np.arange(10_000_000, dtype=np.float64)"
    /// The typical job the reference runs in a fresh subprocess: compute, plot,
    /// save the figure, write `results` as JSON (its `make_json_serializable` shapes).
    static let referenceJob = ResultScripts.analysis + """

        import json, os, tempfile
        folder = tempfile.mkdtemp()
        fig.savefig(os.path.join(folder, "figure_01.png"))
        results["signal"] = results["signal"].tolist()
        results["frame"] = results["frame"].to_dict()
        results["figure"] = {"_type": "matplotlib_figure", "path": os.path.join(folder, "figure_01.png")}
        with open(os.path.join(folder, "results.json"), "w") as handle:
            json.dump(results, handle)
        """
}

func makeProcessCases(_ python: PythonRuntime) -> [BenchCase] {
    let pool = WorkerPool()
    let lean = WorkerPool(configuration: WorkerConfiguration(preload: []))
    let pythonPath = baselinePython(python)
    let variables = WorkerRunOptions(variables: .named(["results"]))
    return [
        BenchCase(
            name: "process tier trivial run", baselineName: "subprocess `python -c \"\(Scripts.trivial)\"`", target: .atMost(3e-3),
            ours: {
                try await pool.start()
                return try await measureAsync(MeasurePlan(loopTarget: .milliseconds(100), repetitions: 7)) {
                    blackHole(try await pool.run(Scripts.trivial))
                }
            },
            baseline: { try measure(.subprocess) { try runSubprocess(pythonPath, Scripts.trivial) } }),

        BenchCase(
            name: "process tier trivial run, worker preloading nothing", baselineName: "process tier trivial run, numpy+pandas+matplotlib preloaded",
            target: .none,
            ours: {
                try await lean.start()
                return try await measureAsync(MeasurePlan(loopTarget: .milliseconds(100), repetitions: 7)) {
                    blackHole(try await lean.run(Scripts.trivial))
                }
            },
            baseline: {
                try await pool.start()
                return try await measureAsync(MeasurePlan(loopTarget: .milliseconds(100), repetitions: 7)) {
                    blackHole(try await pool.run(Scripts.trivial))
                }
            }),

        BenchCase(
            name: "process tier 10M float64 result -> NDArray", baselineName: "memcpy into fresh memory, same size",
            target: .withinFactor(3),
            ours: {
                try await pool.start()
                let options = WorkerRunOptions(variables: .named(["a"]))
                return try await measureAsync(MeasurePlan(loopTarget: .milliseconds(300), repetitions: 5, warmup: 1)) {
                    guard case let .array(array)? = try await pool.run(ProcessScripts.array, options: options)["a"],
                          array.count == ArrayScripts.size else { throw BenchError("the array did not come back") }
                    blackHole(array)
                }
            },
            baseline: memcpyBaseline),

        BenchCase(
            name: "process tier typical job (100k array, 10k-row frame, plot)",
            baselineName: "fresh python subprocess: same job, PNG + results.json (the reference's way)", target: .fasterBy(5),
            ours: {
                try await pool.start()
                return try await measureAsync(MeasurePlan(loopTarget: .milliseconds(300), repetitions: 5, warmup: 1)) {
                    let run = try await pool.run(ResultScripts.analysis, options: variables)
                    guard case .figure? = run["results"]?["figure"] else { throw BenchError("the job's figure did not come back") }
                    blackHole(run)
                }
            },
            baseline: { try measure(MeasurePlan(repetitions: 5, warmup: 1, fixedIterations: 1)) { try runSubprocess(pythonPath, ProcessScripts.referenceJob) } }),

        BenchCase(
            name: "process tier 100 concurrent trivial runs", baselineName: "100 sequential trivial runs", target: .none,
            ours: {
                try await pool.start()
                return try await measureAsync(MeasurePlan(repetitions: 5, warmup: 1, fixedIterations: 1)) {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for _ in 0..<100 { group.addTask { blackHole(try await pool.run(Scripts.trivial)) } }
                        try await group.waitForAll()
                    }
                }
            },
            baseline: {
                try await measureAsync(MeasurePlan(repetitions: 5, warmup: 1, fixedIterations: 1)) {
                    for _ in 0..<100 { blackHole(try await pool.run(Scripts.trivial)) }
                }
            }),
    ]
}
