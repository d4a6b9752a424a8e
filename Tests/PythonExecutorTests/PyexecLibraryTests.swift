import ArgumentParser
import PyExecCLI
import Testing

/// The command-line code is a library: its parsing and validation run here in
/// the test process, with no `pyexec` child.
@Suite("pyexec as a library")
struct PyexecLibraryTests {
    @Test func parsesSubcommandsInProcess() throws {
        let command = try PyExec.parseAsRoot(["run", "-c", "results = {}", "--yes", "--json"])
        #expect(String(describing: type(of: command)) == "RunCommand")
        let resume = try PyExec.parseAsRoot(["resume", "/tmp/some-folder", "--approve"])
        #expect(String(describing: type(of: resume)) == "ResumeCommand")
    }

    @Test func validationErrorsNameTheProblem() {
        #expect(throws: (any Error).self) { try PyExec.parseAsRoot(["run"]) }
        do {
            _ = try PyExec.parseAsRoot(["run", "-c", "x = 1", "--approve", "--yes"])
            Issue.record("--approve with --yes was accepted")
        } catch {
            #expect(PyExec.message(for: error).contains("--approve and --yes exclude each other"))
        }
    }
}
