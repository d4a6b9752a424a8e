import Foundation
import PyEmbed
import PyEmbedProcess
import Synchronization

/// Tests generated programs in bulk: each case runs isolated from the others
/// (see ``CodeTestIsolation``) and passes when it runs to its end without an
/// exception within its time limit. Static analysis runs on each case first;
/// its findings are reported, and under the strict policy a blocked case is
/// rejected instead of run.
///
/// ```swift
/// let tester = try CodeTester(options: CodeTestOptions(isolation: .subinterpreter, timeout: .seconds(2)))
/// let results = try await tester.run([CodeTestCase(id: "add", code: "def add(a, b): return a + b\nassert add(2, 2) == 4")])
/// #expect(results.allSatisfy { $0.status == .passed })
/// ```
///
/// A tester keeps its tier warm (prepared sub-interpreters, a started worker)
/// between batches; call ``shutDown()`` when done.
public final class CodeTester: Sendable {
    /// How the batches run.
    public let options: CodeTestOptions
    private let runtime: PythonRuntime
    private let subinterpreters: [SubinterpreterPool]
    private let workers: WorkerPool?

    /// Creates a tester and prepares its tier.
    ///
    /// - Throws: ``CodeTestError/invalidOption(_:)`` for a non-positive timeout
    ///   or job count, ``CodeTestError/tierUnavailable(_:)`` when Python cannot start.
    public init(options: CodeTestOptions = CodeTestOptions()) throws(CodeTestError) {
        guard options.jobs >= 1 else { throw .invalidOption("--jobs must be at least 1") }
        guard options.timeout > .zero else { throw .invalidOption("--timeout must be more than 0 seconds") }
        self.options = options
        do {
            runtime = try PythonRuntime.start()
            subinterpreters = options.isolation == .subinterpreter
                ? try (0..<options.jobs).map { _ throws(PyEmbedError) in try SubinterpreterPool(size: 2) } : []
        } catch {
            throw .tierUnavailable("\(error)")
        }
        workers = options.isolation == .process
            ? WorkerPool(configuration: WorkerConfiguration(maxConcurrentRuns: options.jobs)) : nil
    }

    /// Waits until the tier is ready (sub-interpreters prepared, the worker started).
    public func prepare() async throws(CodeTestError) {
        for pool in subinterpreters { await pool.prepare() }
        if let workers {
            do { try await workers.start() } catch { throw .tierUnavailable("\(error)") }
        }
    }

    /// Runs every case and returns their results in the cases' order.
    public func run(_ cases: [CodeTestCase]) async throws(CodeTestError) -> [CodeTestResult] {
        try await prepare()
        let next = CaseCounter()
        let lanes = options.isolation == .inProcess ? 1 : options.jobs
        let results = await withTaskGroup(of: [(Int, CodeTestResult)].self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    var done: [(Int, CodeTestResult)] = []
                    while true {
                        let index = next.take()
                        guard index < cases.count else { return done }
                        done.append((index, await self.test(cases[index], lane: lane)))
                    }
                }
            }
            var all: [CodeTestResult?] = Array(repeating: nil, count: cases.count)
            for await done in group { for (index, result) in done { all[index] = result } }
            return all.compactMap { $0 }
        }
        return results
    }

    /// Ends the tier's sub-interpreters and worker.
    public func shutDown() async {
        for pool in subinterpreters { await pool.shutDown() }
        workers?.shutDown()
    }

    private func test(_ testCase: CodeTestCase, lane: Int) async -> CodeTestResult {
        var findings: [SecurityFinding] = []
        if options.analyzes, let report = try? await StaticAnalyzer(configuration: options.analysis).analyze(testCase.code, runtime: runtime) {
            findings = report.securityFindings
            if options.strict && !report.passed {
                let failure = CodeTestFailure(
                    type: "Rejected", message: report.blockingIssues.joined(separator: "; "),
                    line: report.syntaxError?.line ?? findings.first { $0.severity == .error }?.line)
                return CodeTestResult(id: testCase.id, status: .rejected, error: failure, seconds: 0, findings: findings)
            }
        }
        let clock = ContinuousClock()
        let start = clock.now
        let limit = testCase.timeout.map { Duration.milliseconds(Int(($0 * 1000).rounded(.up))) } ?? options.timeout
        let (status, failure) = await verdict(testCase.code, timeout: limit, lane: lane)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return CodeTestResult(id: testCase.id, status: status, error: failure, seconds: seconds, findings: findings)
    }

    private func verdict(_ code: String, timeout: Duration, lane: Int) async -> (CodeTestStatus, CodeTestFailure?) {
        let runOptions = RunOptions(filename: Self.filename, timeout: timeout)
        switch options.isolation {
        case .inProcess:
            do {
                _ = try await runtime.interpreter.run(code, options: runOptions)
                return (.passed, nil)
            } catch {
                return Self.verdict(error)
            }
        case .subinterpreter:
            do {
                _ = try await subinterpreters[lane].run(code, options: runOptions)
                return (.passed, nil)
            } catch {
                return Self.verdict(error)
            }
        case .process:
            do {
                _ = try await workers!.run(code, options: WorkerRunOptions(filename: Self.filename, timeout: timeout, variables: .named([])))
                return (.passed, nil)
            } catch {
                return Self.verdict(error)
            }
        case let .pythonSubprocess(executable):
            return await PythonSubprocessCase(executable: executable, code: code, timeout: timeout).verdict()
        }
    }

    /// The file name the cases' code runs under (tracebacks show it).
    static let filename = "<case>"
}

/// Hands out the next case's index to the lanes of a batch.
private final class CaseCounter: Sendable {
    private let next = Mutex(0)

    func take() -> Int {
        next.withLock { value in
            defer { value += 1 }
            return value
        }
    }
}
