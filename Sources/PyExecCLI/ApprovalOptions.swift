import ArgumentParser
import Foundation
import PythonExecutor

/// `--approve` and `--yes` of `run` and `ask`: who approves code that needs it.
struct ApprovalOptions: ParsableArguments {
    @Flag(help: "Ask on the terminal when the code needs approval (the default when standard input is a terminal; otherwise the run stops, to be resumed).")
    var approve = false

    @Flag(help: "Approve automatically when the code needs approval.")
    var yes = false

    func validate() throws {
        guard !(approve && yes) else { throw ValidationError("--approve and --yes exclude each other") }
    }

    /// `--yes` approves; `--approve`, or a person at the terminal, is asked there;
    /// otherwise there is no handler and the run stops for approval (to be resumed).
    /// - Parameter stdinHoldsInput: standard input carries something else (the code), so nobody can answer there.
    func handler(stdinHoldsInput: Bool = false) -> (any ApprovalHandler)? {
        if yes { return ClosureApprovalHandler { _ in .approved() } }
        if approve || (!stdinHoldsInput && isatty(STDIN_FILENO) == 1) { return TerminalApprovalHandler() }
        return nil
    }
}
