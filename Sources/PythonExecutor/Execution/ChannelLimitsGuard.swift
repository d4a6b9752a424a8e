import Foundation
import PyEmbed

/// How code reports a refused channel write.
///
/// Code (and, once it exists, a run-time guard around the write functions with
/// the limits database behind it — not built yet) raises
/// `pyexec_limits.ChannelLimitsViolationError` with the violation's fields; the
/// workflow then stops without retrying.
enum ChannelLimitsGuard {
    /// Python source of `pyexec_limits`.
    static let moduleSource = #"""
import json, math

def _number(value):
    """A finite float, or None for anything else (the reason keeps the original)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None

class ChannelLimitsViolationError(Exception):
    """A channel write refused by the limits database; the workflow never retries it."""

    def __init__(self, channel, attempted_value, violation_type, reason,
                 min_value=None, max_value=None, max_step=None, current_value=None):
        self.fields = {
            "channel": str(channel), "attempted_value": _number(attempted_value),
            "violation_type": str(violation_type), "reason": str(reason),
            "min_value": _number(min_value), "max_value": _number(max_value),
            "max_step": _number(max_step), "current_value": _number(current_value),
        }
        super().__init__(json.dumps(self.fields))
"""#

    /// The violation class, qualified as exceptions name their type.
    static let violationType = "pyexec_limits.ChannelLimitsViolationError"

    /// Python code that registers `pyexec_limits` in `sys.modules` (harmless to repeat).
    static var installation: String {
        """
        import sys, types
        if "pyexec_limits" not in sys.modules:
            _module = types.ModuleType("pyexec_limits")
            exec(\(String(reflecting: moduleSource)), _module.__dict__)
            sys.modules["pyexec_limits"] = _module
            del _module
        """
    }

    /// Registers `pyexec_limits` in this process's interpreter (once per process; harmless to repeat).
    static func install(_ runtime: PythonRuntime) async throws {
        _ = try await runtime.interpreter.run(installation)
    }

    /// The violation carried by a `ChannelLimitsViolationError`'s message; when
    /// the message is not the guard's (raised by hand, say), its text is the reason.
    static func violation(in exception: PythonException) -> ChannelLimitsViolation {
        if let data = exception.message.data(using: .utf8),
           let violation = try? JSONDecoder().decode(ChannelLimitsViolation.self, from: data) {
            return violation
        }
        return ChannelLimitsViolation(channel: "unknown", attemptedValue: nil, violationType: "unknown", reason: exception.message)
    }
}
