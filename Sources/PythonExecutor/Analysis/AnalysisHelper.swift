import PyEmbed
import Synchronization

/// The Python side of the analysis: a small module run once in the `pyexec-analysis`
/// namespace, whose `analyze(code, configuration_json)` parses the code with `ast`
/// and returns the facts as JSON. The analysed code is only parsed, never run.
enum AnalysisHelper {
    /// The namespace the helper's definitions live in.
    static let namespaceName = "pyexec-analysis"

    /// The helper's source, in the order its parts depend on each other.
    static var source: String { [coreSource, securitySource, objectSource, operationSource, fileSource].joined(separator: "\n\n") }

    /// The loaded `analyze` function. It keeps its own globals alive, so resetting the
    /// namespace does not break it.
    private static let function = Mutex<PythonObject?>(nil)

    /// Analyses `code` under `configuration` (JSON); returns the helper's JSON answer.
    static func analyze(_ code: String, configuration: String, _ gil: GIL) throws(StaticAnalysisError) -> String {
        let analyze = try loaded(gil)
        let answer: PythonObject
        do {
            answer = try analyze.borrow(gil).call([code, configuration])
        } catch {
            throw .helperFailed("\(error)")
        }
        do {
            return try answer.decode(String.self, gil)
        } catch {
            throw .malformedResult("\(error)")
        }
    }

    private static func loaded(_ gil: GIL) throws(StaticAnalysisError) -> PythonObject {
        if let cached = function.withLock({ $0 }) { return cached }
        let output: RunOutput
        do {
            output = try gil.run(source, options: RunOptions(filename: "<\(namespaceName)>", namespace: .named(namespaceName)))
        } catch {
            throw .helperFailed("\(error)")
        }
        guard let analyze = output.variable("analyze", gil)?.owned() else {
            throw .helperFailed("the helper defines no `analyze` function")
        }
        function.withLock { $0 = analyze }
        return analyze
    }
}
