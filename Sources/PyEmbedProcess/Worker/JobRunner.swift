import CPythonShim
import Foundation
import ProcessShim

/// Runs one job inside a worker process (a forked child, or a session
/// worker) and makes its report. The code's output goes to the process's
/// descriptors 1 and 2, which the worker points at the run's pipes.
struct JobRunner {
    /// Limits on decoding a job from the host.
    static let jobLimits = WireLimits()
    /// The namespace a session's runs share.
    static let sessionNamespace = "pyembed.session"

    let runtime: PythonRuntime
    /// Whether runs share one namespace (a session) instead of a fresh one each.
    let isSession: Bool
    /// The process's address-space size before any job, the base of memory limits.
    let baselineAddressSpace: UInt64
    /// The prelude's function that inputs pass through (``WorkerConfiguration/inputAdapter``).
    var inputAdapter: String?

    static let adapterHelper = HelperModule(name: "pyembed_input_adapter", utf8: PackageResources.pyembed_input_adapter_py)

    /// Reads the job in `jobFile` and runs it.
    func run(jobFile: Int32) -> RunReport {
        let spec: JobSpec
        do {
            spec = try JobSpec(record: SealedMemory.read(jobFile, limits: Self.jobLimits))
        } catch {
            return RunReport(outcome: .setupFailed("the job could not be read: \(error)"))
        }
        if let problem = prepare(spec) { return RunReport(outcome: .setupFailed(problem)) }
        return runtime.withGIL { gil in execute(spec, gil) }
    }

    /// Applies the job's limits, directory and environment; returns what failed.
    private func prepare(_ spec: JobSpec) -> String? {
        // A session keeps running after a run, so its hard limits stay open.
        let hardExtra: (UInt64) -> UInt64 = { soft in isSession ? UInt64.max - soft : 0 }
        if let bytes = spec.memoryLimitBytes {
            let soft = baselineAddressSpace &+ UInt64(max(bytes, 0))
            if pshim_limit(Int32(RLIMIT_AS.rawValue), soft, hardExtra(soft)) != 0 { return "\(SystemCallError("setrlimit(RLIMIT_AS)"))" }
        }
        if let seconds = spec.cpuTimeLimitSeconds {
            let soft = UInt64(max(seconds, 1)) + (isSession ? Self.cpuSecondsUsed() : 0)
            if pshim_limit(Int32(RLIMIT_CPU.rawValue), soft, isSession ? hardExtra(soft) : 1) != 0 {
                return "\(SystemCallError("setrlimit(RLIMIT_CPU)"))"
            }
        }
        if let directory = spec.workingDirectory, chdir(directory) != 0 {
            return "the working directory \(directory) could not be entered: \(SystemCallError("chdir"))"
        }
        return nil
    }

    private func execute(_ spec: JobSpec, _ gil: GIL) -> RunReport {
        if let problem = Self.setEnvironment(spec.environment) {
            return RunReport(outcome: .setupFailed("the environment could not be set: \(problem)"))
        }
        let options = RunOptions(
            filename: spec.filename, namespace: isSession ? .named(Self.sessionNamespace) : .fresh, capturesOutput: false)
        var inputs: [String: any ConvertibleToPython] = spec.inputs
        if let inputAdapter {
            do {
                let adapted = try Self.adapterHelper.call("adapt", [inputAdapter, PythonValue.dict(PythonDictionary(spec.inputs.map { .init(key: .string($0.key), value: $0.value) }))], gil)
                inputs = try adapted.decode([String: PythonObject].self, gil)
            } catch {
                return RunReport(outcome: .setupFailed("the input adapter \(inputAdapter) failed: \(error)"))
            }
        }
        let clock = ContinuousClock()
        let start = clock.now
        var report: RunReport
        do {
            let output = try gil.run(spec.code, options: options, inputs: inputs)
            report = RunReport(outcome: .completed)
            collect(output, names: spec.variableNames, inputs: Set(spec.inputs.keys), into: &report, gil)
        } catch let PyEmbedError.exception(exception) where exception.isInstance(of: "SystemExit") {
            report = RunReport(outcome: .exited(Self.exitCode(exception), exception))
        } catch let PyEmbedError.exception(exception) {
            report = RunReport(outcome: .raised(exception))
        } catch {
            report = RunReport(outcome: .setupFailed("\(error)"))
        }
        let elapsed = clock.now - start
        report.durationNanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        Self.flushStandardStreams(gil)
        return report
    }

    /// The variables asked for (or every public one), converted one by one:
    /// one that cannot be converted is reported and the others still come back.
    private func collect(_ output: RunOutput, names: [String]?, inputs: Set<String>, into report: inout RunReport, _ gil: GIL) {
        var entries: [PythonDictionary.Entry] = []
        for name in names ?? output.definedNames(gil).filter({ !inputs.contains($0) }) {
            guard output.variable(name, gil) != nil else { continue }
            do {
                var warnings: [ConversionWarning] = []
                entries.append(.init(key: .string(name), value: try output.value(name, warnings: &warnings, gil)))
                report.conversionWarnings += warnings.map(\.description)
            } catch {
                report.conversionFailures[name] = "\(error)"
            }
        }
        report.variables = PythonDictionary(entries)
        report.figures = output.figures
        report.figureFailures = output.figureFailures.map(\.description)
    }

    /// Sets `os.environ[name] = value` for each pair (which also sets the
    /// process environment), outside any run: a change made inside a run
    /// would be undone when that run ends.
    static func setEnvironment(_ environment: [String: String]) -> String? {
        guard !environment.isEmpty else { return nil }
        guard let os = PyImport_ImportModule("os") else { PyErr_Clear(); return "os could not be imported" }
        defer { pyshim_decref(os) }
        guard let environ = PyObject_GetAttrString(os, "environ") else { PyErr_Clear(); return "os.environ is missing" }
        defer { pyshim_decref(environ) }
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            guard let key = PyUnicode_FromString(name) else { PyErr_Clear(); return "\(name) is not valid text" }
            defer { pyshim_decref(key) }
            guard let text = PyUnicode_FromString(value) else { PyErr_Clear(); return "the value of \(name) is not valid text" }
            defer { pyshim_decref(text) }
            guard PyObject_SetItem(environ, key, text) == 0 else {
                PyErr_Clear()
                return "\(name) could not be set (a name with '=' or a NUL byte?)"
            }
        }
        return nil
    }

    /// The code `sys.exit` asked for: `None` → 0, an integer → itself, anything else → 1.
    static func exitCode(_ exception: PythonException) -> Int32 {
        exception.exitStatus ?? 1
    }

    /// Flushes Python's buffered `sys.__stdout__` and `sys.__stderr__` to the descriptors.
    static func flushStandardStreams(_ gil: GIL) {
        for name in ["__stdout__", "__stderr__"] {
            guard let stream = PySys_GetObject(name), pyshim_is_none(stream) == 0 else { continue }
            guard let flush = PyObject_GetAttrString(stream, "flush") else { PyErr_Clear(); continue }
            if let result = PyObject_CallNoArgs(flush) { pyshim_decref(result) } else { PyErr_Clear() }
            pyshim_decref(flush)
        }
    }

    /// The process's address-space size (`/proc/self/statm`), in bytes.
    static func addressSpaceSize() -> UInt64 {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").first.flatMap({ UInt64($0) }) else { return 0 }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Whole seconds of CPU time the process has used so far.
    static func cpuSecondsUsed() -> UInt64 {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return UInt64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
    }

    /// Sends `report` to the host over the run's result socket; when even a short
    /// report cannot be sent, says why on descriptor 2 (the run's standard error).
    static func send(_ report: RunReport, to resultSocket: Int32) {
        let socket = PacketSocket(fd: resultSocket)
        do {
            let file = try SealedMemory.make(report.record, name: "pyembed-report")
            defer { Descriptors.close(file) }
            try socket.send([1], fds: [file])
        } catch {
            // Encoding failed (most often: the memory limit): say so in a report small enough to fit.
            let fallback = RunReport(outcome: .setupFailed("the run's results could not be sent back: \(error)"))
            do {
                let file = try SealedMemory.make(fallback.record, name: "pyembed-report")
                defer { Descriptors.close(file) }
                try socket.send([1], fds: [file])
            } catch let fallbackError {
                let line = Array("\npyembed-worker: the run's report could not be sent (\(error); then \(fallbackError))\n".utf8)
                _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            }
        }
    }
}
