@testable import PythonExecutor
import Testing

@Suite("python_executor limits configuration")
struct InputLimitsConfigurationTests {
    @Test func defaultsAndValues() throws {
        let defaults = try ExecutorConfiguration.load(yaml: "", environment: [:]).pythonExecutor
        #expect(defaults.maxSourceBytes == 1_048_576 && !defaults.allowUnsavedResults)
        let set = try ExecutorConfiguration.load(
            yaml: "python_executor:\n  max_source_bytes: 2048\n  allow_unsaved_results: true\n", environment: [:]).pythonExecutor
        #expect(set.maxSourceBytes == 2048 && set.allowUnsavedResults)
    }

    @Test(arguments: [
        ("python_executor:\n  max_source_bytes: 0\n", "python_executor.max_source_bytes: must be at least 1 byte, got 0"),
        ("python_executor:\n  max_source_bytes: 1.5\n", "python_executor.max_source_bytes: expected a whole number"),
        ("python_executor:\n  allow_unsaved_results: sometimes\n", "python_executor.allow_unsaved_results: expected true or false"),
    ])
    func badValuesNameTheKey(yaml: String, expected: String) {
        #expect {
            _ = try ExecutorConfiguration.load(yaml: yaml, environment: [:])
        } throws: { error in
            guard case let .configuration(message) = error as? PythonExecutorError else { return false }
            return message.contains(expected)
        }
    }
}
