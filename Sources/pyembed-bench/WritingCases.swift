import Foundation
import PyEmbed
import PythonExecutor

/// Swift → Python and JSON export of large numeric data.
func makeWritingCases(_ python: PythonRuntime) -> [BenchCase] {
    let script = "import numpy as np\na = np.random.default_rng(3).normal(size=1_000_000)"
    let plan = MeasurePlan(loopTarget: .milliseconds(200), repetitions: 7, warmup: 1)
    return [
        BenchCase(
            name: "[Double] 1M -> Python list", baselineName: "numpy tolist() of the same array", target: .withinFactor(2),
            ours: {
                let values = try python.withGIL { gil in try gil.run(script).value("a", as: [Double].self, gil) }
                return try measure(plan) { try python.withGIL { gil in blackHole(try values.pythonObject(gil)) } }
            },
            baseline: {
                let inputs = try variables(python, running: script, ["a"])
                let code = try python.withGIL { gil in try gil.run("f = lambda: a.tolist()", inputs: inputs).value("f", as: PythonObject.self, gil) }
                return try measure(plan) { try python.withGIL { gil in blackHole(try code.borrow(gil).call()) } }
            }),

        BenchCase(
            name: "JSON export of 1M float64 array (pretty, as results.json)", baselineName: "py json.dumps(a.tolist(), indent=2)",
            target: .none,
            ours: {
                let value = try python.withGIL { gil in try gil.run(script).value("a", as: PythonValue.self, gil) }
                let size = try value.jsonData(prettyPrinted: true, policy: ReferenceJSONPolicy(keys: .text)).count
                let timing = try measure(plan) { blackHole(try value.jsonData(prettyPrinted: true, policy: ReferenceJSONPolicy(keys: .text))) }
                printStandardError(String(format: "    JSON export: %.1f MB in %.1f ms = %.0f MB/s", Double(size) / 1e6, timing.median * 1e3, Double(size) / 1e6 / timing.median))
                return timing
            },
            baseline: {
                let inputs = try variables(python, running: script + "\nimport json", ["a", "json"])
                let code = try python.withGIL { gil in
                    try gil.run("f = lambda: json.dumps(a.tolist(), indent=2)", inputs: inputs).value("f", as: PythonObject.self, gil)
                }
                return try measure(plan) { try python.withGIL { gil in blackHole(try code.borrow(gil).call()) } }
            }),
    ]
}
