import contextvars, io, linecache, os, sys, threading, traceback  # threading: main_thread() is this thread

os.environ.setdefault("MPLBACKEND", "Agg")  # figures render in-process, never in a window

# PyEmbedInterrupt is set by Swift before this runs (an immutable type made in C).
capture = contextvars.ContextVar("pyembed_capture", default=None)
environ_data = os.environ._data

class Sink:
    """What one run writes to one stream: the text up to `limit` characters
    (None: no limit), and how many characters were written in all."""
    __slots__ = ("parts", "kept", "total", "limit")

    def __init__(self, limit):
        self.parts = []
        self.kept = 0
        self.total = 0
        self.limit = limit

    def add(self, text):
        self.total += len(text)
        if self.limit is None:
            self.parts.append(text)
            return
        room = self.limit - self.kept
        if room > 0:
            piece = text if len(text) <= room else text[:room]
            self.parts.append(piece)
            self.kept += len(piece)

    def clear(self):
        """Forgets everything written so far (code that empties its buffers, as it could a list)."""
        self.parts.clear()
        self.kept = 0
        self.total = 0

class BytesRouter(io.BufferedIOBase):
    """The `buffer` of an OutputRouter: bytes a run writes become text in its
    buffer (UTF-8; invalid bytes, or a character split between two writes,
    become U+FFFD); other bytes go to the real stream's buffer."""

    def __init__(self, router):
        self._router = router

    def writable(self):
        return True

    def write(self, data):
        data = bytes(memoryview(data))
        buffers = capture.get()
        if buffers is not None:
            buffers[self._router._slot].add(data.decode("utf-8", "replace"))
        else:
            fallback = self._router._fallback
            target = getattr(fallback, "buffer", None)
            if target is not None:
                fallback.flush()
                target.write(data)
                target.flush()
        return len(data)

    def flush(self):
        self._router.flush()

class OutputRouter(io.TextIOBase):
    """Sends text written by a run to that run's buffer, and other text to the real stream."""

    def __init__(self, slot, fallback):
        self._slot = slot
        self._fallback = fallback
        self._buffer = BytesRouter(self)

    @property
    def buffer(self):
        return self._buffer

    def fileno(self):
        """The real stream's descriptor outside captured runs; a captured run has none."""
        if capture.get() is not None or self._fallback is None:
            raise io.UnsupportedOperation("fileno: a run's output is captured, not written to a descriptor")
        return self._fallback.fileno()

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "strict"

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        buffers = capture.get()
        if buffers is not None:
            buffers[self._slot].add(text)
        elif self._fallback is not None:
            self._fallback.write(text)
        return len(text)

    def flush(self):
        if capture.get() is None and self._fallback is not None:
            self._fallback.flush()

sys.stdout = OutputRouter(0, sys.stdout)
sys.stderr = OutputRouter(1, sys.stderr)


def classify(cls):
    """The conversion rule for instances of `cls` (see ObjectKind.swift).

    Modules are looked up in sys.modules, never imported here; attributes are
    read with getattr so that a module still being imported on another thread
    answers "not that kind" instead of failing.
    """
    def is_subclass(module_name, name):
        base = getattr(sys.modules.get(module_name), name, None)
        return isinstance(base, type) and issubclass(cls, base)

    # Order matters: the first matching rule wins (a Timestamp is a datetime, a datetime a date).
    for module, name, kind in (
        ("numpy", "ndarray", "ndarray"), ("numpy", "generic", "numpy_scalar"),
        ("pandas", "DataFrame", "dataframe"), ("pandas", "Series", "series"), ("pandas", "Index", "index"),
        ("pandas.api.extensions", "ExtensionArray", "pandas_array"), ("pandas", "Period", "pandas_period"),
        ("pandas", "Interval", "pandas_interval"),
    ):
        if is_subclass(module, name):
            return kind
    pandas = sys.modules.get("pandas")
    if pandas is not None and cls in (type(getattr(pandas, "NaT", None)), type(getattr(pandas, "NA", None))) and cls is not type(None):
        return "pandas_missing"
    if is_subclass("matplotlib.figure", "Figure"):
        return "figure"
    import dataclasses, datetime, decimal, enum, pathlib
    for base, kind in (
        (enum.Enum, "enum"), (datetime.datetime, "datetime"), (datetime.date, "date"), (datetime.time, "time"),
        (datetime.timedelta, "timedelta"), (decimal.Decimal, "decimal"), (pathlib.PurePath, "path"),
    ):
        if issubclass(cls, base):
            return kind
    if dataclasses.is_dataclass(cls):
        return "dataclass"
    builtin = (dict, list, tuple, set, frozenset, str, bytes, bytearray, int, float, complex)
    if callable(getattr(cls, "to_dict", None)) and not issubclass(cls, builtin):
        return "to_dict"
    return "other"

helpers_lock = threading.RLock()

def load_helper(name, source):
    """A new namespace for PyEmbed's helper module `name`, run from `source`.

    Swift keeps (and seals) the namespace; nothing here remembers it. The lock
    makes a second thread wait while the first one runs a source (which
    imports numpy or pandas and so releases the GIL)."""
    with helpers_lock:
        namespace = {"__builtins__": __builtins__, "__name__": name, "_pyembed_capture": capture}
        exec(compile(source, f"<{name}>", "exec"), namespace)
        return namespace

def environment():
    import site, sysconfig
    try:
        packages = site.getsitepackages()
    except Exception:
        packages = [sysconfig.get_paths()["purelib"]]
    return (sys.version.split()[0], sys.prefix, sys.base_prefix, sys.executable or "", packages)
