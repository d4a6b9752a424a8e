/// One job for a worker: the code, its inputs and the limits it runs under,
/// sent to the worker as a wire-format record in a sealed memory file.
struct JobSpec: Sendable, Equatable {
    var code: String
    var filename: String
    var inputs: [String: PythonValue]
    /// Which variables come back: `nil` for every public one (see ``WorkerRunOptions/Variables``).
    var variableNames: [String]?
    var workingDirectory: String?
    var environment: [String: String]
    var memoryLimitBytes: Int?
    var cpuTimeLimitSeconds: Int?

    var record: PythonValue {
        .fields([
            "code": .string(code),
            "filename": .string(filename),
            "inputs": .dict(PythonDictionary(inputs.sorted { $0.key < $1.key }.map { .init(key: .string($0.key), value: $0.value) })),
            "variables": variableNames.map { .list($0.map(PythonValue.string)) } ?? PythonValue.none,
            "cwd": workingDirectory.map(PythonValue.string) ?? PythonValue.none,
            "env": .strings(environment),
            "memory_limit": memoryLimitBytes.map(PythonValue.integer) ?? PythonValue.none,
            "cpu_limit": cpuTimeLimitSeconds.map(PythonValue.integer) ?? PythonValue.none,
        ])
    }

    init(
        code: String, filename: String, inputs: [String: PythonValue], variableNames: [String]?,
        workingDirectory: String?, environment: [String: String], memoryLimitBytes: Int?, cpuTimeLimitSeconds: Int?
    ) {
        self.code = code
        self.filename = filename
        self.inputs = inputs
        self.variableNames = variableNames
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.memoryLimitBytes = memoryLimitBytes
        self.cpuTimeLimitSeconds = cpuTimeLimitSeconds
    }

    init(record: PythonValue) throws(MalformedRecord) {
        let fields = FieldReader(value: record)
        code = try fields.string("code")
        filename = try fields.string("filename")
        inputs = Dictionary(try fields.stringKeyed("inputs"), uniquingKeysWith: { $1 })
        variableNames = record["variables"] == PythonValue.none ? nil : try fields.strings("variables")
        workingDirectory = try fields.optionalString("cwd")
        var environment: [String: String] = [:]
        for (key, value) in try fields.stringKeyed("env") {
            guard let text = value.stringValue else { throw MalformedRecord(field: "env.\(key)") }
            environment[key] = text
        }
        self.environment = environment
        memoryLimitBytes = try fields.optionalInt("memory_limit")
        cpuTimeLimitSeconds = try fields.optionalInt("cpu_limit")
    }
}
