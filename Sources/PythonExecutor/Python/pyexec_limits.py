"""Channel limits for generated code: the database, its checks, and the guard on every write path.

Loaded by PythonExecutor into the process that runs generated code (the process tier's
warm worker, or this process for the in-process tier) before any generated code runs.
`configure(settings)` takes the service's control-system settings; `check_write` is
the one place a write is allowed or refused; `guard_epics` wraps pyepics' write
primitives (`epics.ca.put`, `epics.ca.sg_put`), which `epics.caput` and `epics.PV.put`
go through, also when pyepics is imported or reloaded later, under any spelling.

Rules (where they differ from the reference, see the README):
- an invalid entry, an invalid `defaults`, or min > max fails the whole load;
- `defaults` fills the fields a listed channel does not set;
- booleans are 0/1; numeric strings are numbers; NaN is refused on a channel with
  any numeric limit; arrays and lists are checked element by element against
  min/max, and refused on a channel with `max_step`; a value that is not a number
  is refused on a channel with a numeric limit;
- a guard that is not configured refuses every write (it fails closed).
"""
import json
import math
import sys

VIOLATION_TYPES = (
    "UNLISTED_CHANNEL", "READ_ONLY_CHANNEL", "MIN_EXCEEDED", "MAX_EXCEEDED", "MAX_STEP_EXCEEDED",
    "STEP_CHECK_FAILED", "INVALID_VALUE", "WRITES_DISABLED", "GUARD_NOT_CONFIGURED",
)
FIELDS_MARKER = "pyexec-violation-fields: "
ENTRY_FIELDS = ("min_value", "max_value", "max_step", "writable", "verification")
METADATA_NAMES = ("_comment", "_version", "_last_updated", "_description")
VERIFICATION_LEVELS = ("none", "callback", "readback")


def _plain_number(value):
    """`value` as a float when it is a real number (bool as 0/1, numeric string, numpy scalar, one-element array)."""
    if isinstance(value, (str, bytes)):
        try:
            return float(value)
        except ValueError:
            return None
    size = getattr(value, "size", None)
    if size is not None and size != 1:
        return None
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        return None


def _wire_number(value):
    number = _plain_number(value)
    return number if number is not None and math.isfinite(number) else None


class ChannelLimitsViolationError(Exception):
    """A channel write refused by the limits database (the reference's class and fields).

    The message is the reference's framed block, followed by one line carrying the
    fields as JSON so that they survive the process boundary.
    """

    category = "code_related"

    def __init__(self, channel_address, value, violation_type, reason,
                 min_value=None, max_value=None, max_step=None, current_value=None):
        self.channel_address = str(channel_address)
        self.attempted_value = value
        self.violation_type = str(violation_type)
        self.violation_reason = str(reason)
        self.min_value = min_value
        self.max_value = max_value
        self.max_step = max_step
        self.current_value = current_value
        self.technical_details = {}
        self.folder_path = None
        self.message = self._banner()
        super().__init__(self.message)

    def fields(self):
        """The violation as plain JSON data."""
        try:
            text = repr(self.attempted_value)
        except Exception:
            text = "<unprintable>"
        return {
            "channel_address": self.channel_address, "attempted_value": _wire_number(self.attempted_value),
            "attempted_value_text": text[:200], "violation_type": self.violation_type,
            "violation_reason": self.violation_reason, "min_value": _wire_number(self.min_value),
            "max_value": _wire_number(self.max_value), "max_step": _wire_number(self.max_step),
            "current_value": _wire_number(self.current_value),
        }

    def _banner(self):
        rule = "=" * 70
        lines = ["", rule, "CHANNEL LIMITS VIOLATION DETECTED", rule,
                 f"Channel Address: {self.channel_address}", f"Attempted Value: {self.attempted_value!r}"]
        if self.current_value is not None:
            lines.append(f"Current Value: {self.current_value!r}")
        lines.append(f"Violation: {self.violation_reason}")
        if self.min_value is not None or self.max_value is not None:
            lines.append(f"Allowed Range: [{self.min_value}, {self.max_value}]")
        if self.max_step is not None:
            lines.append(f"Maximum Step Size: {self.max_step}")
        lines += [rule, "\u26a0 The write was blocked for safety.", rule,
                  FIELDS_MARKER + json.dumps(self.fields(), allow_nan=False)]
        return "\n".join(lines)

    def __str__(self):
        return self.message


PVBoundaryViolationError = ChannelLimitsViolationError
ChannelBoundaryViolationError = ChannelLimitsViolationError


class LimitsDatabaseError(ValueError):
    """The limits database could not be loaded; the message names the file and the entry."""


def _check_entry(name, entry, where):
    if not isinstance(entry, dict):
        raise LimitsDatabaseError(f"{where}: entry '{name}' must be a JSON object, got {type(entry).__name__}")
    warnings = []
    for field, value in entry.items():
        if field in ("min_value", "max_value", "max_step"):
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)):
                raise LimitsDatabaseError(f"{where}: '{name}'.{field} must be a finite number or null, got {value!r}")
            if field == "max_step" and value is not None and value < 0:
                raise LimitsDatabaseError(f"{where}: '{name}'.max_step must not be negative, got {value!r}")
        elif field == "writable":
            if not isinstance(value, bool):
                raise LimitsDatabaseError(f"{where}: '{name}'.writable must be true or false, got {value!r}")
        elif field == "verification":
            if not isinstance(value, dict):
                raise LimitsDatabaseError(f"{where}: '{name}'.verification must be a JSON object")
            level = value.get("level", "callback")
            if level not in VERIFICATION_LEVELS:
                raise LimitsDatabaseError(f"{where}: '{name}'.verification.level must be one of none, callback, readback, got {level!r}")
            for key in ("tolerance_absolute", "tolerance_percent"):
                tolerance = value.get(key)
                if tolerance is not None and (isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or tolerance < 0 or not math.isfinite(tolerance)):
                    raise LimitsDatabaseError(f"{where}: '{name}'.verification.{key} must be a non-negative number, got {tolerance!r}")
            for key in value:
                if key not in ("level", "tolerance_absolute", "tolerance_percent"):
                    warnings.append(f"{where}: '{name}'.verification: unknown field '{key}' ignored")
        elif field not in METADATA_NAMES:
            warnings.append(f"{where}: '{name}': unknown field '{field}' ignored")
    low, high = entry.get("min_value"), entry.get("max_value")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
        raise LimitsDatabaseError(f"{where}: '{name}': min_value {low} is above max_value {high}")
    return warnings


def parse_database(text, where="channel limits database"):
    """Parses the reference's JSON limits database; returns `{"channels": …, "warnings": […]}`.

    `_`-prefixed top-level keys are metadata; `defaults` is checked like an entry and
    fills the fields each listed channel leaves out.
    """
    def refuse_constant(name):
        raise LimitsDatabaseError(f"Invalid JSON in {where}: {name} is not JSON")
    try:
        raw = json.loads(text, parse_constant=refuse_constant)
    except LimitsDatabaseError:
        raise
    except ValueError as error:
        raise LimitsDatabaseError(f"Invalid JSON in {where}: {error}") from None
    if not isinstance(raw, dict):
        raise LimitsDatabaseError(f"Failed to load {where}: the top level must be a JSON object, got {type(raw).__name__}")
    warnings, defaults = [], {}
    if "defaults" in raw:
        warnings += _check_entry("defaults", raw["defaults"], where)
        defaults = {key: raw["defaults"][key] for key in ENTRY_FIELDS if key in raw["defaults"]}
    channels = {}
    for name, entry in raw.items():
        if name == "defaults" or name.startswith("_"):
            continue
        warnings += _check_entry(name, entry, where)
        merged = dict(defaults)
        merged.update({key: entry[key] for key in ENTRY_FIELDS if key in entry})
        _check_entry(name, merged, where)
        merged.setdefault("writable", True)
        channels[name] = merged
    return {"channels": channels, "warnings": warnings}


def load_database(path):
    """Reads and parses the database file at `path` (see `parse_database`)."""
    try:
        with open(path, "r", encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise LimitsDatabaseError(f"Failed to load channel limits database: Channel limits database not found: {path}") from None
    except OSError as error:
        raise LimitsDatabaseError(f"Failed to load channel limits database: {path}: {error}") from None
    return parse_database(text, where=f"channel limits database {path}")


# The configuration, set by `configure`; None until then (every write is refused).
_state = {"settings": None}


def configure(settings):
    """Sets the guard's configuration: `writes_enabled`, and `limits` (None, or
    `{"channels", "allow_unlisted_channels", "on_violation"}`)."""
    limits = settings.get("limits")
    if limits is not None and "channels" not in limits:
        limits = dict(limits, channels=json.loads(limits.get("channels_json", "{}")))
    if limits is not None and limits.get("on_violation", "error") not in ("error", "skip"):
        raise LimitsDatabaseError(f"on_violation must be 'error' or 'skip', got {limits.get('on_violation')!r}")
    _state["settings"] = {"writes_enabled": bool(settings.get("writes_enabled", False)), "limits": limits}


def verification_for(channel):
    """The channel's own `verification` entry, or None."""
    settings = _state["settings"]
    limits = settings and settings.get("limits")
    entry = limits and limits["channels"].get(channel)
    return entry.get("verification") if entry else None


def _numbers(value):
    """The value's elements as floats: a list for arrays/lists/tuples, or None when not numeric."""
    single = _plain_number(value)
    if single is not None:
        return [single], False
    if isinstance(value, (list, tuple)) or hasattr(value, "__array__"):
        try:
            items = list(value.ravel()) if hasattr(value, "ravel") else list(value)
        except Exception:
            return None, True
        numbers = [_plain_number(item) for item in items]
        if any(number is None for number in numbers):
            return None, True
        return numbers, True
    return None, False


def check_write(channel, value, read_current):
    """Decides one write: returns True to write, False to skip it (`on_violation: skip`),
    or raises `ChannelLimitsViolationError`. `read_current()` reads the channel's value
    (only called for a channel with `max_step`)."""
    settings = _state["settings"]
    if settings is None:
        raise ChannelLimitsViolationError(channel, value, "GUARD_NOT_CONFIGURED",
                                          "The channel-limits guard is not configured; writes are blocked")
    if not settings["writes_enabled"]:
        raise ChannelLimitsViolationError(channel, value, "WRITES_DISABLED",
                                          "Control-system writes are disabled (control_system.writes_enabled is false)")
    limits = settings["limits"]
    if limits is None:
        return True
    try:
        _validate(limits, channel, value, read_current)
    except ChannelLimitsViolationError as violation:
        if limits.get("on_violation", "error") == "skip":
            skipped.append(violation.fields())
            print(f"pyexec: write to {channel!r} skipped: {violation.violation_reason}", file=sys.stderr)
            return False
        raise
    return True


# Violations skipped under `on_violation: skip`, in order.
skipped = []


def _validate(limits, channel, value, read_current):
    entry = limits["channels"].get(channel)
    if entry is None:
        if limits.get("allow_unlisted_channels"):
            return
        raise ChannelLimitsViolationError(channel, value, "UNLISTED_CHANNEL", f"Channel '{channel}' not in limits database")
    if not entry.get("writable", True):
        raise ChannelLimitsViolationError(channel, value, "READ_ONLY_CHANNEL", "Channel is marked as read-only")
    low, high, step = entry.get("min_value"), entry.get("max_value"), entry.get("max_step")
    if low is None and high is None and step is None:
        return
    numbers, is_array = _numbers(value)
    if numbers is None:
        raise ChannelLimitsViolationError(channel, value, "INVALID_VALUE",
                                          f"Value {value!r} is not a number; the channel has numeric limits",
                                          min_value=low, max_value=high)
    for number in numbers:
        if math.isnan(number):
            raise ChannelLimitsViolationError(channel, value, "INVALID_VALUE",
                                              "Value is NaN; the channel has numeric limits", min_value=low, max_value=high)
        if low is not None and number < low:
            raise ChannelLimitsViolationError(channel, value, "MIN_EXCEEDED", f"Value {number} below minimum {low}",
                                              min_value=low, max_value=high)
        if high is not None and number > high:
            raise ChannelLimitsViolationError(channel, value, "MAX_EXCEEDED", f"Value {number} above maximum {high}",
                                              min_value=low, max_value=high)
    if step is None:
        return
    if is_array:
        raise ChannelLimitsViolationError(channel, value, "STEP_CHECK_FAILED",
                                          "A step limit cannot be checked for an array value")
    try:
        current = read_current()
    except Exception as error:
        raise ChannelLimitsViolationError(channel, value, "STEP_CHECK_FAILED", f"Channel read failed: {error}") from None
    current_number = _plain_number(current)
    if current_number is None or math.isnan(current_number):
        raise ChannelLimitsViolationError(channel, value, "STEP_CHECK_FAILED",
                                          f"The current value {current!r} could not be read as a number")
    change = abs(numbers[0] - current_number)
    if change > step:
        raise ChannelLimitsViolationError(
            channel, value, "MAX_STEP_EXCEEDED",
            f"Step size {change:.3f} exceeds maximum {step} (current={current_number}, requested={numbers[0]})",
            min_value=low, max_value=high, max_step=step, current_value=current)


# --- pyepics ---------------------------------------------------------------------------

def _guard_ca(ca):
    """Wraps `ca.put` and `ca.sg_put` in `check_write` (once per module object)."""
    put, sg_put, name, get = ca.put, ca.sg_put, ca.name, ca.get
    if getattr(put, "_pyexec_guarded", False):
        return

    def guarded_put(chid, value, *args, **kwargs):
        channel = name(chid)
        if not check_write(channel, value, lambda: get(chid, timeout=2.0)):
            return None
        return put(chid, value, *args, **kwargs)

    def guarded_sg_put(gid, chid, value):
        channel = name(chid)
        if not check_write(channel, value, lambda: get(chid, timeout=2.0)):
            return None
        return sg_put(gid, chid, value)

    for function, original in ((guarded_put, put), (guarded_sg_put, sg_put)):
        function.__name__, function.__doc__ = original.__name__, original.__doc__
        function._pyexec_guarded = True
    ca.put, ca.sg_put = guarded_put, guarded_sg_put


class _GuardingLoader:
    """Runs the real loader, then guards the module; a module it cannot guard does not import."""

    def __init__(self, inner):
        self.inner = inner

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module):
        self.inner.exec_module(module)
        try:
            _guard_ca(module)
        except Exception as error:
            raise ImportError(f"the channel-limits guard could not wrap epics.ca ({error}); pyepics is blocked") from error


class _GuardingFinder:
    """Finds `epics.ca` through the other finders and hands it a guarding loader (also on reload)."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "epics.ca":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is None or isinstance(spec.loader, _GuardingLoader):
                    return spec
                spec.loader = _GuardingLoader(spec.loader)
                return spec
        return None

    def invalidate_caches(self):
        pass


def guard_epics():
    """Guards pyepics' write primitives now (if imported) and whenever `epics.ca` is (re)loaded."""
    if not any(isinstance(finder, _GuardingFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _GuardingFinder())
    module = sys.modules.get("epics.ca")
    if module is not None:
        _guard_ca(module)
