import Foundation
import PyEmbed

/// `pyexec mcp` through the reference Python MCP client (`Scripts/mcp_client.py bench`):
/// a warm server's trivial call round trip, against a `pyexec run -c` process per call.
func makeMCPCases(_ python: PythonRuntime) -> [BenchCase] {
    let pyexec = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pyexec").path
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("pyembed-bench-mcp-\(UUID().uuidString)").path
    // Approval off: the trivial call is timed, not a person.
    let config = root + "/config.yml"
    let prepare = {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try "approval: {global_mode: disabled}\n".write(toFile: config, atomically: true, encoding: .utf8)
    }
    return [
        BenchCase(
            name: "mcp warm trivial call (Python MCP client → pyexec mcp, process tier)",
            baselineName: "`pyexec run -c` process per call", target: .none,
            ours: {
                try prepare()
                defer { try? FileManager.default.removeItem(atPath: root) }
                let process = Process()
                process.executableURL = URL(fileURLWithPath: baselinePython(python))
                process.arguments = ["Scripts/mcp_client.py", "bench", pyexec, "--config", config, "--data-dir", root]
                process.environment = ProcessInfo.processInfo.environment.merging(["PYEXEC_MCP_BENCH_CALLS": "100"]) { $1 }
                let output = Pipe()
                process.standardOutput = output
                process.standardError = FileHandle.nullDevice
                try process.run()
                let data = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                guard process.terminationStatus == 0,
                      let row = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                      let median = row["median_seconds"] as? Double, let fastest = row["min_seconds"] as? Double,
                      let calls = row["calls"] as? Int else {
                    throw BenchError("Scripts/mcp_client.py bench failed (status \(process.terminationStatus); run from the repository root with `mcp` in .venv)")
                }
                return Timing(median: median, min: fastest, iterations: 1, repetitions: calls)
            },
            baseline: {
                try prepare()
                defer { try? FileManager.default.removeItem(atPath: root) }
                return try measure(MeasurePlan(repetitions: 7, warmup: 1, fixedIterations: 1)) {
                    try runSubprocess(pyexec, arguments: ["run", "-c", "results = {'x': 1}", "--yes", "--config", config, "--data-dir", root])
                }
            }),
    ]
}
