import Foundation
import PythonExecutor

/// A named session of `pyexec mcp`: its variables' home, its tier and its use.
struct MCPSession: Sendable {
    let session: PythonSession
    let isolation: ExecutorConfiguration.Isolation
    let created: Date
    var runs = 0
}
