import Foundation
import PyEmbed
@testable import PythonExecutor
import Testing

/// In-process runs cannot change directory: relative writes are warned about
/// there, and the prompt tells the model where relative paths go in each tier.
@Suite("Working directory per tier")
struct WorkingDirectoryTests {
    static let code = """
    import pandas as pd
    import matplotlib.pyplot as plt
    with open('notes.txt', 'w') as f:
        f.write('x')
    pd.DataFrame({'a': [1]}).to_csv('table.csv')
    plt.figure().savefig('plot.png')
    source = open('input.txt').read()
    open('/srv/run/inside.txt', 'w').close()
    results = {}
    """

    private func warnings(relativePathsInFolder: Bool) async throws -> [String] {
        let configuration = AnalysisConfiguration(executionFolder: "/srv/run", relativePathsInFolder: relativePathsInFolder)
        return try await StaticAnalyzer(configuration: configuration).analyze(Self.code, runtime: PythonRuntime.start()).warnings
    }

    @Test func relativeWritesAreWarnedAboutInProcess() async throws {
        let warnings = try await warnings(relativePathsInFolder: false)
        for path in ["notes.txt", "table.csv", "plot.png"] {
            #expect(warnings.contains { $0.contains("relative path '\(path)'") && $0.contains("host's working directory") }, "\(path): \(warnings)")
        }
        #expect(!warnings.contains { $0.contains("input.txt") }, "a read is not a write")
        #expect(!warnings.contains { $0.contains("inside.txt") }, "an absolute path inside the folder is fine")
    }

    @Test func relativeWritesAreFineWhereTheFolderIsTheWorkingDirectory() async throws {
        let warnings = try await warnings(relativePathsInFolder: true)
        #expect(warnings.filter { $0.contains("notes.txt") || $0.contains("table.csv") || $0.contains("plot.png") }.isEmpty, "\(warnings)")
    }

    @Test func theServicesAnalysisFollowsTheTier() {
        var configuration = ExecutorConfiguration()
        configuration.execution.isolation = .inProcess
        #expect(configuration.analysisConfiguration.relativePathsInFolder == false)
        configuration.execution.isolation = .process
        #expect(configuration.analysisConfiguration.relativePathsInFolder == true)
    }

    @Test func thePromptSaysWhereRelativePathsGo() throws {
        let request = request()
        let inProcess = OpenAICompatibleGenerator.prompt(for: request, errorChain: [], isolation: .inProcess)[0].content
        #expect(inProcess.contains("NOT the execution folder"))
        #expect(inProcess.contains("Do not write files with relative paths"))
        let process = OpenAICompatibleGenerator.prompt(for: request, errorChain: [], isolation: .process)[0].content
        #expect(process.contains("The current working directory is the execution folder"))
        #expect(!process.contains("{FILES}") && !inProcess.contains("{FILES}"))

        var configuration = ExecutorConfiguration()
        configuration.execution.codeGenerator = .openai
        configuration.execution.generator.model = "test-model"
        configuration.execution.isolation = .inProcess
        let generator = try #require(try configuration.makeCodeGenerator() as? OpenAICompatibleGenerator)
        #expect(generator.isolation == .inProcess)
    }
}
