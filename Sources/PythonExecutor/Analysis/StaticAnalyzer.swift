import Foundation
import PyEmbed

/// Checks generated code on its syntax tree before anything runs.
///
/// Uses Python's own `ast` in the embedded interpreter; the code is parsed, never
/// compiled to bytecode or executed. It finds:
/// 1. syntax errors (line, column; blocking);
/// 2. security risks, with imports and aliases resolved (`import os as o; o.system(…)`,
///    `from subprocess import run as r`, `e = eval`, `getattr(os, 'system')`,
///    `sys.modules['subprocess']`) and never inside strings or comments: `exec`, `eval`,
///    `compile`, `__import__`, `os.system`/`popen`/`exec*`/`spawn*`, any use or import of
///    `subprocess` or `ctypes`, `importlib.import_module` with a computed name (blocking);
///    files written at a literal path outside the execution folder (warning);
/// 3. control-system reads and writes by the configured patterns
///    (see ``AnalysisConfiguration``); `d.get(k)` on something not known to be a PV is no read;
/// 4. whether a module-level `results` is assigned: `results = …`, `results += …`,
///    `results: T = …`, `for`/`with … as results`, a walrus, `import … as results`,
///    `globals()['results'] = …`, or a function that declares `global results` and
///    assigns it (assumed to be called). `results[k] = …` alone does not count, nor does
///    an annotation without a value. Missing `results` is a warning here; execution
///    reports the hard error;
/// 5. the policy: writes while writes are disabled block the code; the execution mode
///    is `.writeAccess` exactly when there are writes.
///
/// The analysis is flow-insensitive and over-reports rather than under-reports (a name
/// that ever held a PV counts as a PV everywhere). It is a review aid, not a sandbox:
/// code can still reach dangerous functions in ways no static check sees.
public struct StaticAnalyzer: Sendable {
    /// What to look for and the policy to apply.
    public var configuration: AnalysisConfiguration

    /// Creates an analyzer.
    public init(configuration: AnalysisConfiguration = AnalysisConfiguration()) {
        self.configuration = configuration
    }

    /// Analyses `code` on the interpreter thread, without running it.
    ///
    /// - Throws: ``StaticAnalysisError`` only when the analysis itself cannot run;
    ///   problems in the code are in the report.
    public func analyze(_ code: String, runtime: PythonRuntime) async throws(StaticAnalysisError) -> AnalysisReport {
        let settings: String
        do {
            settings = String(decoding: try JSONEncoder().encode(configuration), as: UTF8.self)
        } catch {
            throw .malformedResult("the configuration cannot be encoded: \(error)")
        }
        let answer = try await runtime.interpreter.withGIL { (gil) throws(StaticAnalysisError) -> String in
            try AnalysisHelper.analyze(code, configuration: settings, gil)
        }
        let facts: AnalysisFacts
        do {
            facts = try JSONDecoder().decode(AnalysisFacts.self, from: Data(answer.utf8))
        } catch {
            throw .malformedResult("\(error)")
        }
        return report(from: facts)
    }
}
