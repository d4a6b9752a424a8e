#if canImport(Glibc)
import Glibc
#endif

/// What a worker's run sends back to the host when its code has ended
/// (a wire-format record in a sealed memory file). A run whose process dies
/// first sends none: the host then learns how it ended from its wait status.
struct RunReport: Sendable {
    /// How the code ended.
    enum Outcome: Sendable {
        /// It ran to its end.
        case completed
        /// It raised (including a `SyntaxError`).
        case raised(PythonException)
        /// It raised `SystemExit` with this exit code.
        case exited(Int32, PythonException)
        /// The worker could not prepare the run (bad job, limits, directory, inputs).
        case setupFailed(String)
    }

    var outcome: Outcome
    var variables: PythonDictionary = PythonDictionary()
    /// Variables that could not be converted, with the reason.
    var conversionFailures: [String: String] = [:]
    /// Parts of variables that could not be converted and came back as opaque objects, by path.
    var conversionWarnings: [String] = []
    var figures: [Figure] = []
    var figureFailures: [String] = []
    var durationNanoseconds: Int64 = 0
    /// CPU time and peak resident memory of the run's process, as it measured them when it reported.
    var cpuMicroseconds: Int64 = 0
    var maxResidentKiB: Int64 = 0

    var record: PythonValue {
        var kind = "completed", exception: PythonException?, exitCode: Int32?, message: String?
        switch outcome {
        case .completed: break
        case let .raised(raised): kind = "raised"; exception = raised
        case let .exited(code, raised): kind = "exited"; exitCode = code; exception = raised
        case let .setupFailed(text): kind = "setup_failed"; message = text
        }
        return .fields([
            "outcome": .string(kind),
            "exception": exception.map(Self.record(of:)),
            "exit_code": exitCode.map(PythonValue.integer),
            "message": message.map(PythonValue.string),
            "variables": .dict(variables),
            "conversion_failures": .strings(conversionFailures),
            "conversion_warnings": .list(conversionWarnings.map(PythonValue.string)),
            "figures": .list(figures.map(PythonValue.figure)),
            "figure_failures": .list(figureFailures.map(PythonValue.string)),
            "duration_ns": .integer(durationNanoseconds),
            "cpu_us": .integer(cpuMicroseconds),
            "max_rss_kib": .integer(maxResidentKiB),
        ])
    }

    init(outcome: Outcome) {
        self.outcome = outcome
    }

    init(record: PythonValue) throws(MalformedRecord) {
        let fields = FieldReader(value: record)
        switch try fields.string("outcome") {
        case "completed": outcome = .completed
        case "raised": outcome = .raised(try Self.exception(record["exception"]))
        case "exited":
            let code = try fields.int("exit_code")
            guard let narrow = Int32(exactly: code) else { throw MalformedRecord(field: "exit_code") }
            outcome = .exited(narrow, try Self.exception(record["exception"]))
        case "setup_failed": outcome = .setupFailed(try fields.string("message"))
        default: throw MalformedRecord(field: "outcome")
        }
        guard let variables = record["variables"]?.dictionary else { throw MalformedRecord(field: "variables") }
        self.variables = variables
        for (name, reason) in try fields.stringKeyed("conversion_failures") {
            conversionFailures[name] = reason.stringValue ?? "\(reason)"
        }
        for item in record["figures"]?.items ?? [] {
            guard case let .figure(figure) = item else { throw MalformedRecord(field: "figures") }
            figures.append(figure)
        }
        figureFailures = try fields.strings("figure_failures")
        conversionWarnings = try fields.strings("conversion_warnings")
        durationNanoseconds = Int64(try fields.int("duration_ns"))
        cpuMicroseconds = Int64(try fields.int("cpu_us"))
        maxResidentKiB = Int64(try fields.int("max_rss_kib"))
    }

    static func record(of exception: PythonException) -> PythonValue {
        .fields([
            "type": .string(exception.typeName),
            "message": .string(exception.message),
            "traceback": .string(exception.traceback),
            "line": exception.line.map(PythonValue.integer),
            "hierarchy": .list(exception.hierarchy.map(PythonValue.string)),
            "recognised": .list(exception.recognisedClasses.map(PythonValue.string)),
            "syntax": exception.syntax.map { syntax in
                .fields([
                    "filename": syntax.filename.map(PythonValue.string),
                    "line": syntax.line.map(PythonValue.integer),
                    "column": syntax.column.map(PythonValue.integer),
                    "end_line": syntax.endLine.map(PythonValue.integer),
                    "end_column": syntax.endColumn.map(PythonValue.integer),
                    "text": syntax.text.map(PythonValue.string),
                ])
            },
        ])
    }

    static func exception(_ record: PythonValue?) throws(MalformedRecord) -> PythonException {
        guard let record else { throw MalformedRecord(field: "exception") }
        let fields = FieldReader(value: record)
        var exception = PythonException(
            typeName: try fields.string("type"), message: try fields.string("message"),
            traceback: try fields.string("traceback"), line: try fields.optionalInt("line"))
        exception.hierarchy = try fields.strings("hierarchy")
        exception.recognisedClasses = try fields.strings("recognised")
        if let syntax = record["syntax"], syntax != .none {
            let located = FieldReader(value: syntax)
            exception.syntax = SyntaxErrorLocation(
                filename: try located.optionalString("filename"), line: try located.optionalInt("line"),
                column: try located.optionalInt("column"), endLine: try located.optionalInt("end_line"),
                endColumn: try located.optionalInt("end_column"), text: try located.optionalString("text"))
        }
        return exception
    }
}

extension RunReport {
    /// Records the calling process's CPU time and peak resident memory (`getrusage`).
    mutating func recordUsage() {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        cpuMicroseconds = Int64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000 + Int64(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        maxResidentKiB = Int64(usage.ru_maxrss)
    }
}
