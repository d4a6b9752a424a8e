// A first look at PyEmbed: start Python in this process, run a small numpy
// analysis, and get the results back as Swift values.
import Foundation
import PyEmbed

let python = try PythonRuntime.start()
let environment = python.environment
print("Python \(environment.version) in-process, environment: \(environment.prefix) (\(environment.source))")

let analysis = """
import numpy as np
rng = np.random.default_rng(7)
signal = np.sin(np.linspace(0, 4 * np.pi, 1_000)) + rng.normal(0, 0.1, 1_000)
summary = {"mean": float(signal.mean()), "std": float(signal.std()), "peaks": int((signal > 1.0).sum())}
smoothed = np.convolve(signal, np.ones(50) / 50, mode="valid")
print(f"analysed {signal.size} samples")
"""

let clock = ContinuousClock()
let start = clock.now
let (summary, smoothed, printed) = try await python.interpreter.run(analysis) { (output, gil) throws(PyEmbedError) in
    (try output.value("summary", as: [String: Double].self, gil),
     try output.value("smoothed", as: NDArray.self, gil),
     output.stdout)
}
let elapsed = clock.now - start

print("Python printed: \(printed.trimmingCharacters(in: .newlines))")
print("summary as [String: Double]: mean \(summary["mean"] ?? .nan), std \(summary["std"] ?? .nan), peaks \(Int(summary["peaks"] ?? 0))")
let values = try smoothed.elements(as: Double.self)
print("smoothed as NDArray: dtype \(smoothed.dtype.name), shape \(smoothed.shape), first \(values.prefix(3).map { ($0 * 1000).rounded() / 1000 })")
print("run + conversion took \(elapsed)")

do {
    _ = try await python.interpreter.run("result = 1 / 0")
} catch {
    print("errors come back typed: \(error)")
}
