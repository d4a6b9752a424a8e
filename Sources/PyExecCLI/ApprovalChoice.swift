import Foundation
import PythonExecutor

/// `--approve` and `--yes` of `run` and `ask`: who approves code that needs it.
enum ApprovalChoice {
    /// `--yes` approves; `--approve`, or a person at the terminal, is asked there;
    /// otherwise there is no handler and the run stops for approval (to be resumed).
    /// - Parameter stdinHoldsInput: standard input carries something else (the code), so nobody can answer there.
    static func handler(yes: Bool, approve: Bool, stdinHoldsInput: Bool = false) -> (any ApprovalHandler)? {
        if yes { return ClosureApprovalHandler { _ in .approved() } }
        if approve || (!stdinHoldsInput && isatty(STDIN_FILENO) == 1) { return TerminalApprovalHandler() }
        return nil
    }
}
