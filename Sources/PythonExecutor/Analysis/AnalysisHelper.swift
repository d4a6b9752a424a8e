import PyEmbed

/// The Python side of the analysis: a small module whose
/// `analyze(code, configuration_json)` parses the code with `ast` and returns the
/// facts as JSON. The analysed code is only parsed, never run.
///
/// It is a PyEmbed ``HelperModule``: loaded once, kept out of `sys.modules`, its
/// functions held from the load and its namespace sealed, so code that finds the
/// helper through `gc` and replaces its functions cannot switch analysis off.
enum AnalysisHelper {
    /// The name the helper's code is compiled under (tracebacks show `<pyexec-analysis>`).
    static let namespaceName = "pyexec-analysis"

    private static let module = HelperModule(name: namespaceName, utf8: PackageResources.pyexec_analysis_py)

    /// Analyses `code` under `configuration` (JSON); returns the helper's JSON answer.
    static func analyze(_ code: String, configuration: String, _ gil: GIL) throws(StaticAnalysisError) -> String {
        let answer: PythonObject
        do {
            answer = try module.call("analyze", [code, configuration], gil)
        } catch {
            throw .helperFailed("\(error)")
        }
        do {
            return try answer.decode(String.self, gil)
        } catch {
            throw .malformedResult("\(error)")
        }
    }
}
