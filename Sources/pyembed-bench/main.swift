// pyembed-bench: times PyEmbed's hot paths against baselines measured in the same run.
//
//   swift run -c release pyembed-bench           a human table
//   swift run -c release pyembed-bench --json    only a JSON array of rows on stdout
//
// Run it from the repository root (so `./.venv` is found) or set PYEMBED_VENV.
import Foundation
import PyEmbed

/// One measured row.
struct Row {
    var name: String
    var baselineName: String
    var target: Target
    var ours: Result<Timing, any Error>
    var baseline: Result<Timing, any Error>
}

/// One `--json` row, written with its keys in a fixed order:
/// `{"name": …, "seconds": …, "baseline": …, "baseline_seconds": …}`.
func jsonRow(name: String, seconds: Double, baseline: String, baselineSeconds: Double) -> String {
    func string(_ text: String) -> String {
        // JSONEncoder escapes a lone string correctly; the fallback never contains quotes.
        (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"?\""
    }
    // Swift prints the shortest round-tripping form (`1.25e-05`), which is valid JSON.
    return #"  {"name": \#(string(name)), "seconds": \#(seconds), "baseline": \#(string(baseline)), "baseline_seconds": \#(baselineSeconds)}"#
}

func printStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

let arguments = CommandLine.arguments.dropFirst()
if arguments.contains("--help") || arguments.contains("-h") {
    print("""
        usage: pyembed-bench [--json] [--only TEXT]
          --json       print only a JSON array of {name, seconds, baseline, baseline_seconds}
          --only TEXT  run only the rows whose name contains TEXT (for profiling)
        """)
    exit(0)
}
var jsonMode = false
var only: String?
var remaining = arguments[...]
while let argument = remaining.popFirst() {
    switch argument {
    case "--json": jsonMode = true
    case "--only" where !remaining.isEmpty: only = remaining.popFirst()
    default:
        printStandardError("pyembed-bench: unknown argument \(argument) (try --help)")
        exit(2)
    }
}

let python: PythonRuntime
do {
    python = try PythonRuntime.start()
} catch {
    printStandardError("pyembed-bench: \(error)")
    printStandardError("Run from the repository root (so ./.venv is found) or set PYEMBED_VENV.")
    exit(1)
}
if !jsonMode {
    print("PyEmbed benchmark — Python \(python.environment.version) (\(python.environment.prefix)); baseline interpreter: \(baselinePython(python))")
    print("MemoryLayout<PythonValue>.size = \(MemoryLayout<PythonValue>.size) bytes (each list item / dict entry half holds one).")
    print("Seconds per operation: median of 9 repetitions, each a loop of ≥ 30 ms (subprocess: median of 10 launches).\n")
}

let clock = ContinuousClock()
let started = clock.now
var rows: [Row] = []
for benchCase in makeCases(python) + makeScientificCases(python) + makeResultCases(python) + makeProcessCases(python)
    + makeWritingCases(python) + makeServiceCases(python) + makeJupyterCases(python) + makeMCPCases(python) + makeSubinterpreterCases(python) where only.map({ benchCase.name.contains($0) }) ?? true {
    if !jsonMode, isatty(STDERR_FILENO) != 0 { printStandardError("… \(benchCase.name)") }
    var ours: Result<Timing, any Error>
    do { ours = .success(try await benchCase.ours()) } catch { ours = .failure(error) }
    var baseline: Result<Timing, any Error>
    do { baseline = .success(try await benchCase.baseline()) } catch { baseline = .failure(error) }
    rows.append(Row(name: benchCase.name, baselineName: benchCase.baselineName, target: benchCase.target, ours: ours, baseline: baseline))
}
let total = clock.now - started

if jsonMode {
    var lines: [String] = []
    for row in rows {
        switch (row.ours, row.baseline) {
        case let (.success(ours), .success(baseline)):
            lines.append(jsonRow(name: row.name, seconds: ours.median, baseline: row.baselineName, baselineSeconds: baseline.median))
        case let (.failure(error), _), let (_, .failure(error)):
            printStandardError("pyembed-bench: \(row.name) failed: \(error)")
        }
    }
    print(lines.isEmpty ? "[]" : "[\n" + lines.joined(separator: ",\n") + "\n]")
} else {
    printTable(rows)
    print(String(format: "\nTotal benchmark time: %.1f s", Double(total.components.seconds) + Double(total.components.attoseconds) * 1e-18))
}
if rows.contains(where: { row in
    if case .failure = row.ours { return true }
    if case .failure = row.baseline { return true }
    return false
}) { exit(1) }
