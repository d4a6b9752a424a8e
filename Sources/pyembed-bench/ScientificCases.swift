import Foundation
import PyEmbed
import PythonExecutor

/// Python source for the numpy rows.
enum ArrayScripts {
    static let size = 10_000_000
    static let contiguous = "import numpy as np\na = np.arange(\(size), dtype=np.float64)"
    static let small = "import numpy as np\na = np.arange(1_000, dtype=np.float64)"
    static let strided = "import numpy as np\nbase = np.arange(\(2 * size), dtype=np.float64)\na = base[::2]"
    static let fortran = "import numpy as np\na = np.asfortranarray(np.arange(\(size), dtype=np.float64).reshape(2_000, 5_000))"
}

/// Times reading the variable `a` that `script` sets, as `T`.
private func timeReading<T: ConvertibleFromPython>(_ python: PythonRuntime, _ script: String, as type: T.Type, check: (T) throws -> Void) throws -> Timing {
    let output = try python.withGIL { gil in try gil.run(script) }
    try check(try python.withGIL { gil in try output.value("a", as: T.self, gil) })
    return try measure(MeasurePlan(loopTarget: .milliseconds(200), repetitions: 5, warmup: 1)) {
        blackHole(try python.withGIL { gil in try output.value("a", as: T.self, gil) })
    }
}

/// Checks that a copied 10M-element array holds 0, 1, 2, … in row-major order of the source.
private func checkCopy(_ array: NDArray, expectedFirst: [Double]) throws {
    let values = try array.elements(as: Double.self)
    guard values.count == ArrayScripts.size, Array(values.prefix(expectedFirst.count)) == expectedFirst else {
        throw BenchError("the copied array has the wrong elements")
    }
}

func makeScientificCases(_ python: PythonRuntime) -> [BenchCase] {
    let contiguousCopy: () async throws -> Timing = {
        try timeReading(python, ArrayScripts.contiguous, as: NDArray.self) { try checkCopy($0, expectedFirst: [0, 1, 2]) }
    }
    return [
        BenchCase(
            name: "zero-copy view of 10M float64 (NDArrayView)", baselineName: "zero-copy view of 1k float64", target: .atMost(10e-6),
            ours: {
                try timeReading(python, ArrayScripts.contiguous, as: NDArrayView.self) { view in
                    guard view.count == ArrayScripts.size, try view.element(at: [7], as: Double.self) == 7 else {
                        throw BenchError("the view shows the wrong elements")
                    }
                }
            },
            baseline: { try timeReading(python, ArrayScripts.small, as: NDArrayView.self) { _ in } }),

        BenchCase(
            name: "copy 10M float64 -> NDArray ([Double])", baselineName: "memcpy into fresh memory, same size", target: .withinFactor(1.5),
            ours: contiguousCopy,
            baseline: memcpyBaseline),

        BenchCase(
            name: "copy 10M float64, strided view a[::2]", baselineName: "copy 10M float64, contiguous", target: .none,
            ours: { try timeReading(python, ArrayScripts.strided, as: NDArray.self) { try checkCopy($0, expectedFirst: [0, 2, 4]) } },
            baseline: contiguousCopy),

        BenchCase(
            name: "copy 10M float64, Fortran order 2000x5000", baselineName: "copy 10M float64, contiguous", target: .none,
            ours: { try timeReading(python, ArrayScripts.fortran, as: NDArray.self) { try checkCopy($0, expectedFirst: [0, 1, 2]) } },
            baseline: contiguousCopy),
    ]
}

/// Python source for the pandas, figure and export rows.
enum ResultScripts {
    static let frame = """
        import numpy as np, pandas as pd, json
        rng = np.random.default_rng(1)
        df = pd.DataFrame({name: rng.normal(size=100_000) for name in "abcde"})
        """
    /// A typical analysis result: scalars, a 100k-point array, a 10k-row frame, one line plot.
    static let analysis = """
        import numpy as np, pandas as pd
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        rng = np.random.default_rng(2)
        signal = rng.normal(size=100_000)
        frame = pd.DataFrame({"t": np.arange(10_000), "v": rng.normal(size=10_000), "ok": rng.random(10_000) > 0.1})
        fig, ax = plt.subplots()
        ax.plot(frame["t"], frame["v"], label="v")
        ax.set_title("signal")
        results = {"mean": float(signal.mean()), "std": float(signal.std()), "signal": signal, "frame": frame, "figure": fig}
        """
}

extension ResultScripts {
    /// Converts `name` from a run of `script`, checking it once.
    /// A figure is marked changed before each conversion, so that every one renders it
    /// (a figure converted twice unchanged is rendered once).
    static func reading(_ python: PythonRuntime, _ script: String, _ name: String, check: (PythonValue) throws -> Void) throws -> Timing {
        let output = try python.withGIL { gil in try gil.run(script) }
        let figure: [String: any ConvertibleToPython] = try python.withGIL { gil in
            output.variable("fig", gil) == nil ? [:] : ["fig": try output.value("fig", as: PythonObject.self, gil)]
        }
        func read() throws -> PythonValue {
            try python.withGIL { gil in
                if !figure.isEmpty { _ = try gil.run("fig.stale = True", inputs: figure) }
                return try output.value(name, as: PythonValue.self, gil)
            }
        }
        try check(try read())
        return try measure(MeasurePlan(loopTarget: .milliseconds(200), repetitions: 5, warmup: 1)) { blackHole(try read()) }
    }
}

func makeResultCases(_ python: PythonRuntime) -> [BenchCase] {
    let figureOnly: () async throws -> Timing = {
        try ResultScripts.reading(python, ResultScripts.analysis + "\nfigure_only = fig", "figure_only") { value in
            guard case let .figure(figure) = value, figure.png.count > 1_000 else { throw BenchError("the figure did not convert") }
        }
    }
    return [
        BenchCase(
            name: "DataFrame 100k x 5 float64 -> DataFrame", baselineName: "df.to_dict() + json.dumps + JSONSerialization",
            target: .fasterBy(20),
            ours: {
                try ResultScripts.reading(python, ResultScripts.frame, "df") { value in
                    guard case let .dataFrame(frame) = value, frame.columns.count == 5, frame.rowCount == 100_000 else {
                        throw BenchError("the frame did not convert")
                    }
                }
            },
            baseline: {
                let output = try python.withGIL { gil in try gil.run(ResultScripts.frame) }
                let inputs: [String: any ConvertibleToPython] = try python.withGIL { gil in
                    ["df": try output.value("df", as: PythonObject.self, gil), "json": try output.value("json", as: PythonObject.self, gil)]
                }
                return try measure(MeasurePlan(loopTarget: .milliseconds(500), repetitions: 3, warmup: 1, fixedIterations: 1)) {
                    let text = try python.withGIL { gil in
                        try gil.run("s = json.dumps(df.to_dict())", inputs: inputs).value("s", as: String.self, gil)
                    }
                    blackHole(try JSONSerialization.jsonObject(with: Data(text.utf8)))
                }
            }),

        BenchCase(
            name: "typical result: scalars, 100k array, 10k-row frame, plot", baselineName: "the figure alone (PNG rendering)",
            target: .none,
            ours: {
                try ResultScripts.reading(python, ResultScripts.analysis, "results") { value in
                    guard value["frame"] != nil, case .figure? = value["figure"] else { throw BenchError("the result did not convert") }
                }
            },
            baseline: figureOnly),

        BenchCase(
            name: "same result without the figure (conversion only)", baselineName: "the figure alone (PNG rendering)",
            target: .none,
            ours: {
                try ResultScripts.reading(python, ResultScripts.analysis + "\ndel results['figure']", "results") { value in
                    guard case let .array(signal)? = value["signal"], signal.count == 100_000 else { throw BenchError("the result did not convert") }
                }
            },
            baseline: figureOnly),

        BenchCase(
            name: "JSON export of the nested 10k-leaf structure (Swift)", baselineName: "py json.dumps of the same object",
            target: .none,
            ours: {
                let value = try python.withGIL { gil in
                    try gil.run(Scripts.nested).value("nested", as: PythonValue.self, gil)
                }
                return try measure { blackHole(try value.jsonData(policy: ReferenceJSONPolicy())) }
            },
            baseline: {
                let inputs = try variables(python, running: Scripts.nested, ["json", "nested"])
                return try measure {
                    try python.withGIL { gil in blackHole(try gil.run("s = json.dumps(nested)", inputs: inputs)) }
                }
            }),
    ]
}

/// The copy baseline: `memcpy` of 10M float64 into fresh memory (page faults included, as for a new array).
func memcpyBaseline() throws -> Timing {
    let source = [Double](repeating: 1, count: ArrayScripts.size)
    return try measure(MeasurePlan(loopTarget: .milliseconds(200), repetitions: 5, warmup: 1)) {
        let copy = source.withUnsafeBytes { from in
            [Double](unsafeUninitializedCapacity: ArrayScripts.size) { to, count in
                memcpy(to.baseAddress!, from.baseAddress!, from.count)
                count = ArrayScripts.size
            }
        }
        blackHole(copy)
    }
}
