import ArgumentParser
import Foundation
import PyEmbed
import PythonExecutor

/// `pyexec test CASES.jsonl`: runs generated programs as tests, each isolated from the others.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Test generated programs in bulk: each line {\"id\", \"code\"} passes when it runs to its end without an exception.")

    @Argument(help: "A JSON Lines file of cases, one {\"id\": …, \"code\": \"…\"} per line (optional \"timeout\": seconds for that case).")
    var cases: String

    @Option(help: "Where each case runs: subinterpreter, process or in-process.")
    var isolation = "subinterpreter"

    @Option(help: "Each case's time limit in seconds, unless its line gives its own \"timeout\".")
    var timeout = 10.0

    @Option(help: "How many cases run at once (in-process cases share one interpreter thread).")
    var jobs = 1

    @Flag(help: "One JSON line per case, then a summary line.")
    var json = false

    @Option(help: "advisory (default): analysis findings are reported; strict: a case analysis blocks is rejected, not run.")
    var policy = "advisory"

    func validate() throws {
        guard CodeTestIsolation(name: isolation) != nil else {
            throw ValidationError("--isolation must be subinterpreter, process or in-process, not \(isolation)")
        }
        guard ["advisory", "strict"].contains(policy) else { throw ValidationError("--policy must be advisory or strict, not \(policy)") }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        AnswerStreams.setUp()
        let text: String
        do {
            text = try String(contentsOfFile: cases, encoding: .utf8)
        } catch {
            AnswerStreams.error("pyexec test: cannot read \(cases): \(error.localizedDescription)\n")
            throw ExitCode(2)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let results: [CodeTestResult]
        do {
            let testCases = try CodeTestCase.read(jsonLines: text)
            let options = CodeTestOptions(
                isolation: CodeTestIsolation(name: isolation)!, timeout: .milliseconds(Int((timeout * 1000).rounded(.up))),
                jobs: jobs, strict: policy == "strict")
            let tester = try CodeTester(options: options)
            results = try await tester.run(testCases)
            await tester.shutDown()
        } catch {
            AnswerStreams.error("pyexec test: \(error)\n")
            throw ExitCode(2)
        }
        let elapsed = clock.now - start
        let summary = CodeTestSummary(results, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        if json {
            for result in results { AnswerStreams.output(result.jsonLine + "\n") }
            AnswerStreams.output(CodeTestResult.summaryLine(results, summary) + "\n")
        } else {
            for result in results { AnswerStreams.output(Self.text(result)) }
            AnswerStreams.output(summary.description + "\n")
        }
        if !summary.allPassed { throw ExitCode(1) }
    }

    /// A result as text: the verdict line, then one line per finding.
    private static func text(_ result: CodeTestResult) -> String {
        var text = "\(result.status.rawValue.uppercased()) \(result.id) (\(String(format: "%.3f", result.seconds)) s)"
        if let error = result.error {
            text += ": \(error.type)\(error.message.isEmpty ? "" : ": \(error.message)")\(error.line.map { " (line \($0))" } ?? "")"
        }
        text += "\n"
        for finding in result.findings { text += "    analysis: line \(finding.line): \(finding.message)\n" }
        return text
    }
}
