"""The run-time API for generated code (the reference's `osprey.runtime`), its connectors, and `context`.

    from pyexec_runtime import read_channel, write_channel, write_channels   # or: from osprey.runtime import …
    current = read_channel("BEAM:CURRENT")
    write_channel("MAG:QF1:CURRENT:SP", 12.5)

Every write goes through `pyexec_limits.check_write` before the connector writes; the
EPICS connector writes through pyepics, whose write primitives are guarded as well.
"""
import json
import math
import os
import sys
import types

import pyexec_limits

_state = {"settings": {}, "connector": None, "snapshot": None}


class ChannelWriteError(RuntimeError):
    """A write the connector could not make, or whose verification failed."""


# --- connectors ------------------------------------------------------------------------

class MockConnector:
    """A deterministic in-memory control system: values seeded from the channel's name,
    writes stored exactly, `:SP`→`:RB` and `:SET`→`:GET` twins follow their setpoint."""

    SEEDS = (("current", None), ("voltage", 5000.0), ("power", 50.0), ("pressure", 1e-9), ("temp", 25.0),
             ("lifetime", 10.0), ("position", 0.0), ("pos", 0.0), ("energy", 1900.0))

    def __init__(self, settings):
        self.values = {}

    def _seed(self, address):
        lower = address.lower()
        for word, value in self.SEEDS:
            if word in lower:
                return (500.0 if "beam" in lower else 150.0) if value is None else value
        return 100.0

    def read(self, address, timeout=None):
        if address not in self.values:
            self.values[address] = self._seed(address)
        return self.values[address]

    def write(self, address, value, timeout=None, level="none", tolerance=None):
        self.values[address] = value
        for setpoint, readback in ((":SP", ":RB"), (":SET", ":GET")):
            if address.endswith(setpoint):
                self.values[address[: -len(setpoint)] + readback] = value
        return self.read(address) if level == "readback" else None

    def close(self):
        pass


class EpicsConnector:
    """EPICS Channel Access through pyepics (`control_system.connector.epics`)."""

    def __init__(self, settings):
        import epics
        self.epics = epics
        config = settings.get("connector", {}).get("epics", {}) or {}
        self.timeout = float(config.get("timeout", 5.0))
        self.pvs = {}

    def _pv(self, address, timeout):
        pv = self.pvs.get(address)
        if pv is None:
            pv = self.pvs[address] = self.epics.PV(address, auto_monitor=False)
        if not pv.wait_for_connection(timeout=timeout):
            raise ConnectionError(f"Failed to connect to PV '{address}' (timeout after {timeout}s)")
        return pv

    def read(self, address, timeout=None):
        timeout = self.timeout if timeout is None else timeout
        value = self._pv(address, timeout).get(timeout=timeout, use_monitor=False)
        if value is None:
            raise ConnectionError(f"Failed to read PV '{address}' (timeout after {timeout}s)")
        return value

    def write(self, address, value, timeout=None, level="callback", tolerance=None):
        timeout = self.timeout if timeout is None else timeout
        pv = self._pv(address, timeout)
        status = pv.put(value, wait=level != "none", timeout=timeout)
        if status is None and level != "none":
            raise ChannelWriteError(f"Write failed for {address}: no completion within {timeout}s")
        if isinstance(status, int) and status < 0:
            raise ChannelWriteError(f"Write failed for {address}: put did not complete within {timeout}s")
        return self.read(address, timeout) if level == "readback" else None

    def close(self):
        for pv in self.pvs.values():
            pv.disconnect()
        self.pvs.clear()


CONNECTORS = {"mock": MockConnector, "epics": EpicsConnector}


def _connector():
    if _state["connector"] is None:
        settings = dict(_state["settings"])
        if _state["snapshot"]:
            settings.update(_state["snapshot"])
        kind = settings.get("type") or "epics"
        factory = CONNECTORS.get(kind)
        if factory is None:
            raise RuntimeError(f"Unknown control system type: '{kind}'. Available types: {sorted(CONNECTORS)}")
        _state["connector"] = factory(settings)
    return _state["connector"]


# --- the API ---------------------------------------------------------------------------

def read_channel(address, *, timeout=None):
    """The channel's current value (a float, a numpy array, a string…)."""
    return _connector().read(str(address), timeout=timeout)


def _tolerance(level, value, tolerance, entry):
    if level != "readback":
        return None
    if tolerance is not None:
        return float(tolerance)
    number = pyexec_limits._plain_number(value)
    magnitude = abs(number) if number is not None and math.isfinite(number) else 0.0
    if entry and entry.get("tolerance_absolute") is not None:
        return float(entry["tolerance_absolute"])
    if entry and entry.get("tolerance_percent") is not None:
        found = magnitude * float(entry["tolerance_percent"]) / 100
    else:
        found = magnitude * float(_state["settings"].get("verification", {}).get("default_tolerance_percent", 0.1)) / 100
    return found or 0.001


def write_channel(address, value, *, timeout=None, verification_level=None, tolerance=None):
    """Writes `value` to `address` after the limits check; returns None.

    Raises `ChannelLimitsViolationError` when the limits refuse it, `ChannelWriteError`
    when the write or its verification (`readback`: the value read back must be within
    the tolerance) fails, `ValueError` for an unknown verification level."""
    address = str(address)
    connector = _connector()
    entry = pyexec_limits.verification_for(address)
    level = verification_level or (entry or {}).get("level") or _state["settings"].get("verification", {}).get("default_level", "callback")
    if level not in pyexec_limits.VERIFICATION_LEVELS:
        raise ValueError(f"verification level must be one of none, callback, readback, got {level!r}")
    if not pyexec_limits.check_write(address, value, lambda: connector.read(address, timeout=timeout)):
        return None
    readback = connector.write(address, value, timeout=timeout, level=level, tolerance=tolerance)
    if level == "readback":
        allowed = _tolerance(level, value, tolerance, entry)
        wanted, got = pyexec_limits._plain_number(value), pyexec_limits._plain_number(readback)
        if wanted is None or got is None or not abs(got - wanted) <= allowed:
            raise ChannelWriteError(
                f"Write failed for {address}: readback verification failed (wrote {value!r}, read back {readback!r}, tolerance {allowed})")
    return None


def write_channels(values, **kwargs):
    """Writes each `{address: value}` in order; stops at the first failure (earlier writes stay)."""
    for address, value in dict(values).items():
        write_channel(address, value, **kwargs)


def configure_from_context(ctx):
    """Takes the connector type and settings from the context's `_execution_config.control_system`
    snapshot when it has one (safety settings always come from the service); keeps an existing connector."""
    data = ctx._data if isinstance(ctx, Context) else ctx
    snapshot = ((data or {}).get("_execution_config") or {}).get("control_system") if isinstance(data, dict) else None
    if isinstance(snapshot, dict) and snapshot.get("type"):
        _state["snapshot"] = {"type": snapshot["type"], "connector": snapshot.get("connector") or {}}


def cleanup_runtime():
    """Closes and drops the connector."""
    connector, _state["connector"] = _state["connector"], None
    if connector is not None:
        connector.close()


# --- context ---------------------------------------------------------------------------

class DictNamespace:
    """A dict with attribute access: `ns.key`, `ns["key"]`, `in`, iteration, keys/values/items/get.
    Nested dicts, also inside lists, are namespaces too; a key shadows a method of the same name."""

    def __init__(self, data):
        object.__setattr__(self, "_data", data)

    @staticmethod
    def wrap(value):
        if isinstance(value, dict):
            return DictNamespace(value)
        if isinstance(value, list):
            return [DictNamespace.wrap(item) for item in value]
        return value

    def __getattribute__(self, name):
        data = object.__getattribute__(self, "_data")
        if not name.startswith("__") and name in data:
            return DictNamespace.wrap(data[name])
        return object.__getattribute__(self, name)

    def __getattr__(self, name):
        raise AttributeError(f"no key '{name}'")

    def __getitem__(self, key):
        return DictNamespace.wrap(self._data[key])

    def __contains__(self, key):
        return key in self._data

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)

    def keys(self):
        return self._data.keys()

    def values(self):
        return [DictNamespace.wrap(value) for value in self._data.values()]

    def items(self):
        return [(key, DictNamespace.wrap(value)) for key, value in self._data.items()]

    def get(self, key, default=None):
        return DictNamespace.wrap(self._data[key]) if key in self._data else default

    def __eq__(self, other):
        return self._data == (other._data if isinstance(other, DictNamespace) else other)

    def __repr__(self):
        return f"DictNamespace({self._data!r})"


class Context(DictNamespace):
    """The `context` generated code sees: `context.TYPE.key` (and `context["TYPE"]["key"]`);
    names starting with `_` (`_execution_config`) are hidden; `_meta` is dropped from objects."""

    def __init__(self, data):
        super().__init__(data if isinstance(data, dict) else {})

    def __getattribute__(self, name):
        if name.startswith("_") and not name.startswith("__") and name != "_data":
            raise AttributeError(f"'{name}' is not a context type")
        data = object.__getattribute__(self, "_data")
        if not name.startswith("__") and name in data:
            return self[name]
        return object.__getattribute__(self, name)

    def __getattr__(self, name):
        raise AttributeError(f"context has no type '{name}'")

    def __getitem__(self, key):
        if isinstance(key, str) and key.startswith("_"):
            raise KeyError(key)
        value = self._data[key]
        if isinstance(value, dict):
            return DictNamespace({k: (_strip_meta(v)) for k, v in value.items()})
        return DictNamespace.wrap(value)

    def __iter__(self):
        return (key for key in self._data if not (isinstance(key, str) and key.startswith("_")))

    def keys(self):
        return list(iter(self))

    def __repr__(self):
        return f"Context({sorted(map(str, self.keys()))})"


def _strip_meta(value):
    if isinstance(value, dict) and "_meta" in value:
        return {k: v for k, v in value.items() if k != "_meta"}
    return value


def adapt_inputs(inputs):
    """The process tier's input adapter: `context` becomes a `Context` (the data stays as sent)."""
    inputs["context"] = Context(inputs.get("context"))
    return inputs


def context_for_run(settings_json, data):
    """Configures this process for one run (the in-process tier) and returns its `context`."""
    install(json.loads(settings_json))
    cleanup_runtime()  # each run starts with a fresh connector, as in the process tier
    return Context(data)


# --- installation ----------------------------------------------------------------------

def install(settings):
    """Configures the guard and the run time, and guards pyepics; `settings` is the service's
    `{"type", "connector", "writes_enabled", "limits", "verification", "environment", "python_path"}`."""
    pyexec_limits.configure(settings)
    if settings != _state["settings"]:
        cleanup_runtime()
        _state["settings"], _state["snapshot"] = settings, None
    pyexec_limits.guard_epics()
    for name, value in (settings.get("environment") or {}).items():
        os.environ[name] = value
    for folder in reversed(settings.get("python_path") or []):
        if folder not in sys.path:  # the in-process tier installs before every run
            sys.path.insert(0, folder)
    _alias_osprey()


def _alias_osprey():
    """Registers this module as `osprey.runtime` when no real `osprey` package is installed."""
    existing = sys.modules.get("osprey")
    if existing is not None and not getattr(existing, "_pyexec_alias", False):
        return
    if existing is None:
        import importlib.util
        try:
            if importlib.util.find_spec("osprey") is not None:
                return
        except (ImportError, ValueError):
            return
        existing = types.ModuleType("osprey")
        existing.__path__ = []
        existing._pyexec_alias = True
        sys.modules["osprey"] = existing
    existing.runtime = sys.modules[__name__]
    sys.modules["osprey.runtime"] = sys.modules[__name__]
