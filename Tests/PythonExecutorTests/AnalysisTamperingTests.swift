import PyEmbed
import Testing

@testable import PythonExecutor

/// The analyser keeps the helper it loaded: code that finds the helper's Python
/// through `gc` and replaces its functions cannot switch analysis off.
@Suite("Analysis that code cannot switch off")
struct AnalysisTamperingTests {
    @Test func replacingTheHelpersFunctionsLeavesAnalysisOn() async throws {
        let runtime = try PythonRuntime.start()
        let analyzer = StaticAnalyzer(configuration: AnalysisConfiguration(writesEnabled: true))
        let clean = try await analyzer.analyze("results = {}", runtime: runtime)
        #expect(clean.securityFindings.isEmpty)
        _ = try await runtime.interpreter.run("""
        import gc, json, types
        for namespace in [o for o in gc.get_objects() if isinstance(o, dict) and "analyze" in o and "_walk" in o]:
            answer = namespace["analyze"]("results = {}", json.dumps({}))
            fake = {}
            exec(f"def analyze(code, configuration):\\n    return {answer!r}\\n", fake)
            for name, value in list(namespace.items()):
                if isinstance(value, types.FunctionType):
                    namespace[name] = fake["analyze"]
                    value.__code__ = fake["analyze"].__code__ if value.__code__.co_argcount == 2 and not value.__code__.co_freevars else value.__code__
        """)
        let report = try await analyzer.analyze("import subprocess, epics\nsubprocess.run(['ls'])\nepics.caput('X:Y', 1)\nresults = {}", runtime: runtime)
        #expect(!report.securityFindings.isEmpty, "subprocess.run is still flagged")
        #expect(!report.channelWrites.isEmpty, "epics.caput is still seen as a write")
    }
}
