import Foundation
import PyEmbed

/// What the issue asks of a row.
enum Target {
    /// Our time per operation must be at most this many seconds.
    case atMost(Double)
    /// We must be at least this many times faster than the baseline.
    case fasterBy(Double)
    /// We may take at most this many times the baseline's time.
    case withinFactor(Double)
    /// No target: reported for information.
    case none

    var description: String {
        switch self {
        case let .atMost(seconds):
            return seconds < 1e-3 ? String(format: "≤ %g µs", seconds * 1e6) : String(format: "≤ %g ms", seconds * 1e3)
        case let .fasterBy(factor): return String(format: "≥ %gx faster", factor)
        case let .withinFactor(factor): return String(format: "≤ %gx baseline", factor)
        case .none: return "—"
        }
    }

    /// Whether `ours` (and its `baseline`) meet the target; `nil` when there is none.
    func isMet(ours: Double, baseline: Double) -> Bool? {
        switch self {
        case let .atMost(limit): return ours <= limit
        case let .fasterBy(factor): return baseline / ours >= factor
        case let .withinFactor(factor): return ours <= baseline * factor
        case .none: return nil
        }
    }
}

/// One row: our operation and the baseline it is compared with.
struct BenchCase {
    var name: String
    var baselineName: String
    var target: Target
    /// Prepares data and measures our operation.
    var ours: () async throws -> Timing
    /// Prepares data and measures the baseline.
    var baseline: () async throws -> Timing
}

/// A check that failed while setting a case up or verifying its result.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One record of the nested structure, mirrored for `JSONDecoder`.
struct Record: Codable, Equatable {
    var id: Int
    var name: String
    var tags: [String]
    var score: Double
    var ok: Bool
}

/// Python source shared by the cases.
enum Scripts {
    static let trivial = "x = 1 + 1"
    static let ints = "data = list(range(100_000))"
    static let dict = "import json\nd = {f\"key{i}\": i * 0.5 for i in range(10_000)}"
    /// 1,667 records × 6 leaf values (id, name, 2 tags, score, ok) = 10,002 leaves.
    static let nested = """
        import json
        nested = [{"id": i, "name": f"item{i}", "tags": ["a", "b"], "score": i / 3, "ok": i % 2 == 0} for i in range(1_667)]
        nested_json = json.dumps(nested)
        """
    static let nestedRecords = 1_667
}

/// Runs `script` once and returns the variables `names` it set, to pass as
/// `inputs` to the baselines' runs. (The benchmark first used a `.named`
/// namespace, which did not keep its variables before commit 3c55534; passing
/// inputs keeps every timed run in a fresh namespace either way.)
func variables(_ python: PythonRuntime, running script: String, _ names: [String]) throws -> [String: any ConvertibleToPython] {
    try python.withGIL { gil in
        let output = try gil.run(script)
        var found: [String: any ConvertibleToPython] = [:]
        for name in names { found[name] = try requireVariable(output, name, gil).owned() }
        return found
    }
}

/// The interpreter the subprocess baseline launches: the runtime's venv python, else the system one.
func baselinePython(_ python: PythonRuntime) -> String {
    let candidates = [python.environment.venvPath.map { "\($0)/bin/python" }, "./.venv/bin/python", "/usr/bin/python3"]
    for case let path? in candidates where FileManager.default.isExecutableFile(atPath: path) { return path }
    return "/usr/bin/python3"
}

/// Launches `python -c code` and waits for it, failing on a non-zero exit.
func runSubprocess(_ executable: String, _ code: String) throws {
    try runSubprocess(executable, arguments: ["-c", code])
}

/// Launches `executable` with `arguments` and waits for it, failing on a non-zero exit; its output is dropped.
func runSubprocess(_ executable: String, arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchError("\(executable) \(arguments.first ?? "") exited with status \(process.terminationStatus)")
    }
}

/// Reads a Python variable out of a run's namespace, as any value.
func requireVariable(_ output: RunOutput, _ name: String, _ gil: GIL) throws -> BorrowedObject {
    guard let object = output.variable(name, gil) else { throw PyEmbedError.missingVariable(name) }
    return object
}

func makeCases(_ python: PythonRuntime) -> [BenchCase] {
    let pythonPath = baselinePython(python)
    let subprocessName = "subprocess `\(URL(fileURLWithPath: pythonPath).lastPathComponent) -c \"\(Scripts.trivial)\"`"
    let subprocessBaseline: () async throws -> Timing = {
        try measure(.subprocess) { try runSubprocess(pythonPath, Scripts.trivial) }
    }

    return [
        BenchCase(
            name: "exec trivial snippet (sync withGIL)", baselineName: subprocessName, target: .atMost(20e-6),
            ours: {
                try measure {
                    let output = try python.withGIL { gil in try gil.run(Scripts.trivial) }
                    blackHole(output)
                }
            },
            baseline: subprocessBaseline),

        BenchCase(
            name: "exec trivial snippet (async actor)", baselineName: subprocessName, target: .atMost(20e-6),
            ours: {
                try await measureAsync {
                    let output = try await python.interpreter.run(Scripts.trivial)
                    blackHole(output)
                }
            },
            baseline: subprocessBaseline),

        BenchCase(
            name: "empty GIL scope (async actor hop)", baselineName: "empty GIL scope (sync withGIL)", target: .none,
            ours: { try await measureAsync { await python.interpreter.withGIL { _ in } } },
            baseline: { try measure { python.withGIL { _ in } } }),

        BenchCase(
            name: "list of 100k ints -> [Int]", baselineName: "Swift memcpy of 100k Int", target: .atMost(1.5e-3),
            ours: {
                let output = try python.withGIL { gil in try gil.run(Scripts.ints) }
                let check = try python.withGIL { gil in try output.value("data", as: [Int].self, gil) }
                guard check == Array(0..<100_000) else { throw BenchError("[Int] read back wrong values") }
                return try measure {
                    let values = try python.withGIL { gil in try output.value("data", as: [Int].self, gil) }
                    blackHole(values)
                }
            },
            baseline: {
                let source = Array(0..<100_000)
                return try measure {
                    let copy = source.withUnsafeBufferPointer { from in
                        [Int](unsafeUninitializedCapacity: from.count) { to, count in
                            memcpy(to.baseAddress!, from.baseAddress!, from.count * MemoryLayout<Int>.stride)
                            count = from.count
                        }
                    }
                    blackHole(copy)
                }
            }),

        BenchCase(
            name: "dict 10k str->float -> [String: Double]",
            baselineName: "py json.dumps + Swift JSONDecoder", target: .atMost(2e-3),
            ours: {
                let output = try python.withGIL { gil in try gil.run(Scripts.dict) }
                let check = try python.withGIL { gil in try output.value("d", as: [String: Double].self, gil) }
                guard check.count == 10_000, check["key42"] == 21 else { throw BenchError("[String: Double] read back wrong values") }
                return try measure {
                    let values = try python.withGIL { gil in try output.value("d", as: [String: Double].self, gil) }
                    blackHole(values)
                }
            },
            baseline: {
                let inputs = try variables(python, running: Scripts.dict, ["json", "d"])
                let decoder = JSONDecoder()
                let roundTrip = {
                    let text = try python.withGIL { gil in
                        try gil.run("s = json.dumps(d)", inputs: inputs).value("s", as: String.self, gil)
                    }
                    return try decoder.decode([String: Double].self, from: Data(text.utf8))
                }
                let check = try roundTrip()
                guard check.count == 10_000, check["key42"] == 21 else { throw BenchError("JSON baseline decoded wrong values") }
                return try measure { blackHole(try roundTrip()) }
            }),

        BenchCase(
            name: "nested 10k-leaf structure -> PythonValue",
            baselineName: "py json.dumps + Swift JSONDecoder [Record]", target: .fasterBy(5),
            ours: {
                let output = try python.withGIL { gil in try gil.run(Scripts.nested) }
                let check = try python.withGIL { gil in try PythonValue(python: try requireVariable(output, "nested", gil)) }
                guard case let .list(items) = check, items.count == Scripts.nestedRecords else {
                    throw BenchError("PythonValue read back the wrong shape")
                }
                return try measure {
                    let value = try python.withGIL { gil in try PythonValue(python: try requireVariable(output, "nested", gil)) }
                    blackHole(value)
                }
            },
            baseline: {
                let inputs = try variables(python, running: Scripts.nested, ["json", "nested"])
                let decoder = JSONDecoder()
                let roundTrip = {
                    let text = try python.withGIL { gil in
                        try gil.run("s = json.dumps(nested)", inputs: inputs).value("s", as: String.self, gil)
                    }
                    return try decoder.decode([Record].self, from: Data(text.utf8))
                }
                let check = try roundTrip()
                guard check.count == Scripts.nestedRecords, check[3] == Record(id: 3, name: "item3", tags: ["a", "b"], score: 1, ok: false) else {
                    throw BenchError("JSON baseline decoded wrong values")
                }
                return try measure { blackHole(try roundTrip()) }
            }),

        BenchCase(
            name: "PythonValue -> Python (nested 10k-leaf structure)",
            baselineName: "py json.loads of the same JSON text", target: .none,
            ours: {
                let output = try python.withGIL { gil in try gil.run(Scripts.nested) }
                let value = try python.withGIL { gil in try PythonValue(python: try requireVariable(output, "nested", gil)) }
                let same = try python.withGIL { gil in
                    let object = try value.pythonObject(gil)
                    return try PythonValue(python: object.borrow(gil)) == value
                }
                guard same else { throw BenchError("pythonObject did not round-trip") }
                return try measure {
                    // The object is dropped inside the GIL scope, so its deallocation is
                    // timed too, as json.loads' previous result is in the baseline.
                    try python.withGIL { gil in blackHole(try value.pythonObject(gil)) }
                }
            },
            baseline: {
                let inputs = try variables(python, running: Scripts.nested, ["json", "nested_json"])
                return try measure {
                    // The run's namespace (and `obj` in it) is dropped inside the GIL scope.
                    try python.withGIL { gil in blackHole(try gil.run("obj = json.loads(nested_json)", inputs: inputs)) }
                }
            }),
    ]
}
