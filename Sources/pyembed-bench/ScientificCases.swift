import Foundation
import PyEmbed

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
            baseline: {
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
            }),

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
