import Foundation
import PyEmbed

/// How code reports a refused channel write.
///
/// The run-time guard that wraps the write functions (and the limits database
/// behind it) raises `ChannelLimitsViolationError` with the violation's fields
/// as a JSON message; the workflow then stops without retrying. The exception
/// class lives in the importable module `pyexec_limits`.
enum ChannelLimitsGuard {
    /// Python source of `pyexec_limits`.
    static let moduleSource = #"""
import json

class ChannelLimitsViolationError(Exception):
    """A channel write refused by the limits database; the workflow never retries it."""

    def __init__(self, channel, attempted_value, violation_type, reason,
                 min_value=None, max_value=None, max_step=None, current_value=None):
        self.fields = {
            "channel": channel, "attempted_value": attempted_value, "violation_type": violation_type,
            "reason": reason, "min_value": min_value, "max_value": max_value,
            "max_step": max_step, "current_value": current_value,
        }
        super().__init__(json.dumps(self.fields))
"""#

    /// Registers `pyexec_limits` in `sys.modules` (once per process; harmless to repeat).
    static func install(_ runtime: PythonRuntime) async throws {
        _ = try await runtime.interpreter.run("""
        import sys, types
        if "pyexec_limits" not in sys.modules:
            module = types.ModuleType("pyexec_limits")
            exec(source, module.__dict__)
            sys.modules["pyexec_limits"] = module
        """, inputs: ["source": moduleSource])
    }

    /// The violation carried by a `ChannelLimitsViolationError`'s message.
    static func violation(in exception: PythonException) -> ChannelLimitsViolation? {
        guard let data = exception.message.data(using: .utf8) else { return nil }
        return try? JSONDecoder().decode(ChannelLimitsViolation.self, from: data)
    }
}
