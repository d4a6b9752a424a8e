"""Runs generated code inside a Jupyter kernel for the service's Jupyter engine.

The host installs this module once per kernel (next to `pyexec_limits` and
`pyexec_runtime`) and then sends, per run, one `execute_request` that calls
`run(...)`. The code runs in a fresh namespace (or a named session's), prints
travel as the kernel's own `stream` messages, and the outcome comes back as one
`display_data` message whose data holds `MIME`: base64 text of one message in
the project's binary value format (Documentation/WireFormat.md, version 3),
written here from numpy's own buffers. Values this encoder does not know are
sent as `object` records (type, module, repr, str), never dropped.
"""

import base64
import builtins
import datetime
import decimal
import enum
import json
import math
import os
import pathlib
import struct
import sys
import traceback

MIME = "application/vnd.pyembed.wire+base64"
_MAX_DEPTH = 256


# --- the wire format ----------------------------------------------------------------------

class _Writer:
    """Appends one value in the wire format; offsets count from the message start (header included)."""

    def __init__(self):
        self.out = bytearray(b"PYWF" + struct.pack("<HHQ", 3, 0, 0))

    def byte(self, value):
        self.out.append(value)

    def word(self, value):
        self.out += struct.pack("<Q", value)

    def int64(self, value):
        self.out += struct.pack("<q", value)

    def double(self, value):
        self.out += struct.pack("<d", value)

    def boolean(self, value):
        self.out.append(1 if value else 0)

    def text(self, value):
        data = value.encode("utf-8", "surrogatepass")
        data.decode("utf-8")  # lone surrogates are invalid UTF-8: refused here, not on the host
        self.word(len(data))
        self.out += data

    def blob(self, data):
        self.word(len(data))
        self.out += data

    def raw(self, count, data):
        """`count`, zero padding to the next multiple of 8 from the message start, then the bytes."""
        self.word(count)
        self.out += bytes((8 - len(self.out) % 8) % 8)
        self.out += data

    def finish(self):
        struct.pack_into("<Q", self.out, 8, len(self.out) - 16)
        return bytes(self.out)


_KIND_TAGS = {"b": 0, "i": 1, "u": 2, "f": 3, "c": 4, "M": 5, "m": 6, "S": 7, "U": 8, "O": 9}
_NUMERIC_STORAGE = {
    ("i", 1): 1, ("i", 2): 2, ("i", 4): 3, ("i", 8): 4, ("u", 1): 5, ("u", 2): 6, ("u", 4): 7, ("u", 8): 8,
    ("f", 4): 10, ("f", 8): 11, ("c", 8): 12, ("c", 16): 13,
}


class _Encoder:
    def __init__(self):
        self.w = _Writer()
        self.np = sys.modules.get("numpy")
        self.pd = sys.modules.get("pandas")
        self.figure_type = getattr(sys.modules.get("matplotlib.figure"), "Figure", None)
        # A figure both returned and left open is drawn once per message; the
        # message holds its figures until it is finished, so their ids stay theirs.
        self.pngs = {}

    # values

    def value(self, value, depth=0):
        w = self.w
        if depth > _MAX_DEPTH:
            return self.opaque(value)
        if value is None:
            return w.byte(0)
        kind = type(value)
        if kind is bool:
            w.byte(1)
            return w.boolean(value)
        if kind is int:
            return self.integer(value)
        if kind is float:
            w.byte(4)
            return w.double(value)
        if kind is complex:
            w.byte(5)
            w.double(value.real)
            return w.double(value.imag)
        if kind is str:
            w.byte(6)
            return w.text(value)
        if kind in (bytes, bytearray):
            w.byte(7 if kind is bytes else 8)
            return w.blob(bytes(value))
        if kind in (list, tuple, set, frozenset):
            w.byte({list: 9, tuple: 10, set: 12, frozenset: 13}[kind])
            return self.values(list(value), depth + 1)
        if kind is dict:
            w.byte(11)
            w.word(len(value))
            for key, item in value.items():
                self.value(key, depth + 1)
                self.value(item, depth + 1)
            return
        np, pd = self.np, self.pd
        if np is not None:
            if kind is np.ndarray and value.dtype.kind in _KIND_TAGS and value.dtype.names is None:
                w.byte(14)
                return self.array(value, depth + 1)
            if isinstance(value, (np.datetime64, np.timedelta64)):
                return self.numpy_time(value)
            if isinstance(value, np.generic) and value.dtype.kind in "biufcSU":
                return self.value(value.item(), depth)
        if pd is not None:
            if kind is pd.DataFrame:
                return self.frame(value, depth + 1)
            if kind is pd.Series:
                w.byte(17)
                self.column(value.name, value._values, depth + 1)
                return self.index(value.index, depth + 1)
        if self.figure_type is not None and isinstance(value, self.figure_type):
            w.byte(19)
            return self.figure(value, depth + 1)
        if isinstance(value, enum.Enum) or isinstance(value, bool | int | float | str) and kind not in (bool, int, float, str):
            return self.opaque(value)
        if kind is datetime.datetime:
            w.byte(20)
            self.date(value)
            self.time(value)
            return w.int64(0)
        if kind is datetime.date:
            w.byte(21)
            return self.date(value)
        if kind is datetime.time:
            w.byte(22)
            return self.time(value)
        if kind is datetime.timedelta:
            w.byte(23)
            w.int64(value.days)
            w.int64(value.seconds)
            return w.int64(value.microseconds)
        if kind is decimal.Decimal:
            w.byte(24)
            return w.text(str(value))
        if isinstance(value, pathlib.PurePath):
            w.byte(25)
            return w.text(str(value))
        return self.opaque(value)

    def values(self, items, depth):
        self.w.word(len(items))
        for item in items:
            self.value(item, depth)

    def integer(self, value):
        w = self.w
        if -(1 << 63) <= value < (1 << 63):
            w.byte(2)
            return w.int64(value)
        w.byte(3)
        w.boolean(value < 0)
        magnitude = abs(value)
        words = []
        while magnitude:
            words.append(magnitude & 0xFFFFFFFFFFFFFFFF)
            magnitude >>= 64
        w.raw(len(words), struct.pack("<%dQ" % len(words), *words))

    def opaque(self, value):
        w = self.w
        w.byte(28)
        kind = type(value)
        w.text(kind.__qualname__)
        w.text(kind.__module__ or "")
        for render in (repr, str):
            try:
                text = render(value)
            except Exception as error:  # a broken __repr__ must not lose the whole result
                text = "<%s failed: %s>" % (render.__name__, error)
            w.text(text.encode("utf-8", "replace").decode("utf-8"))

    def date(self, value):
        for part in (value.year, value.month, value.day):
            self.w.int64(part)

    def time(self, value):
        w = self.w
        for part in (value.hour, value.minute, value.second, value.microsecond):
            w.int64(part)
        offset = value.utcoffset() if value.tzinfo is not None else None
        w.boolean(offset is not None)
        if offset is not None:
            w.double(offset.total_seconds())
            name = value.tzname()
            w.boolean(name is not None)
            if name is not None:
                w.text(name)

    def numpy_time(self, value):
        np, w = self.np, self.w
        w.byte(15)
        w.boolean(isinstance(value, np.timedelta64))
        unit = np.datetime_data(value.dtype)[0]
        w.boolean(not np.isnat(value))
        if not np.isnat(value):
            w.int64(int(value.astype(np.int64)))
        w.text(unit)

    # numpy

    def dtype(self, dtype):
        np, w = self.np, self.w
        w.byte(_KIND_TAGS[dtype.kind])
        w.int64(dtype.itemsize)
        w.text(dtype.str.lstrip("<>|=") if dtype.kind in "SU" else dtype.name)
        unit = np.datetime_data(dtype)[0] if dtype.kind in "Mm" else None
        w.boolean(unit is not None)
        if unit is not None:
            w.text(unit)

    def array(self, array, depth):
        np, w = self.np, self.w
        dtype = array.dtype
        self.dtype(dtype)
        w.word(array.ndim)
        for length in array.shape:
            w.int64(length)
        flat = array.reshape(-1)
        kind = dtype.kind
        if kind == "b":
            w.byte(0)
            return w.raw(flat.size, np.ascontiguousarray(flat).view(np.uint8).tobytes())
        if kind in "Mm":
            w.byte(14 if kind == "M" else 15)
            return w.raw(flat.size, np.ascontiguousarray(flat.view(np.int64), dtype="<i8").tobytes())
        if kind == "f" and dtype.itemsize == 2:
            w.byte(9)  # float16 travels as the exact float32 values
            return w.raw(flat.size, np.ascontiguousarray(flat, dtype="<f4").tobytes())
        if (kind, dtype.itemsize) in _NUMERIC_STORAGE:
            w.byte(_NUMERIC_STORAGE[(kind, dtype.itemsize)])
            little = dtype.newbyteorder("<") if dtype.byteorder not in "|" else dtype
            return w.raw(flat.size, np.ascontiguousarray(flat, dtype=little).tobytes())
        if kind == "S":
            w.byte(16)
            w.word(flat.size)
            for item in flat.tolist():
                w.blob(item)
            return
        if kind == "U":
            w.byte(17)
            w.word(flat.size)
            for item in flat.tolist():
                w.text(item)
            return
        w.byte(18)
        self.values(flat.tolist() if kind == "O" else list(flat), depth)

    # pandas

    def frame(self, frame, depth):
        w = self.w
        w.byte(16)
        w.word(len(frame.columns))
        for position, label in enumerate(frame.columns):
            self.column(label, frame.iloc[:, position]._values, depth)
        self.index(frame.index, depth)

    def column(self, name, values, depth):
        self.value(name, depth)
        self.w.text(str(values.dtype))
        self.column_values(values, depth)

    def column_values(self, values, depth):
        np, pd, w = self.np, self.pd, self.w
        dtype = values.dtype
        if type(values) is pd.arrays.NumpyExtensionArray:
            values = values.to_numpy()
        raw = getattr(values, "_ndarray", None)
        if getattr(dtype, "kind", None) in ("m", "M") and not isinstance(dtype, pd.DatetimeTZDtype) and isinstance(raw, np.ndarray):
            values = raw
        if isinstance(values, np.ndarray) and values.dtype.kind in "biufcmM":
            w.byte(0)
            return self.array(values.reshape(-1), depth)
        if isinstance(dtype, pd.StringDtype) or isinstance(values, np.ndarray):
            items = list(values.reshape(-1)) if isinstance(values, np.ndarray) else list(values)
            strings = self.texts(items, missing_nan=isinstance(dtype, pd.StringDtype))
            if strings is not None and (isinstance(dtype, pd.StringDtype) or any(item is not None for item in strings)):
                w.byte(2)
                w.word(len(strings))
                for item in strings:
                    w.boolean(item is not None)
                    if item is not None:
                        w.text(item)
                return
            w.byte(5)
            return self.values(items, depth)
        w.byte(5)  # categorical, masked, zoned and other extension arrays: their items
        self.values(list(values.astype(object)), depth)

    def texts(self, items, missing_nan):
        pd = self.pd
        out = []
        for item in items:
            if type(item) is str:
                out.append(item)
            elif item is None or item is pd.NA or missing_nan and type(item) is float and math.isnan(item):
                out.append(None)
            else:
                return None
        return out

    def index(self, index, depth):
        pd, w = self.pd, self.w
        if isinstance(index, pd.RangeIndex):
            w.byte(0)
            for part in (index.start, index.stop, index.step):
                w.int64(part)
            return self.value(index.name, depth)
        if isinstance(index, pd.MultiIndex):
            w.byte(2)
            self.values(list(index.names), depth)
            w.word(len(index))
            for row in index:
                self.values(list(row), depth)
            return
        w.byte(1)
        self.column_values(index._values, depth)
        w.text(str(index.dtype))
        self.value(index.name, depth)

    # matplotlib

    def figure(self, figure, depth):
        w = self.w
        png = self.pngs.get(id(figure))
        if png is None:
            import io
            buffer = io.BytesIO()
            # bbox_inches="" (not None, which reads rcParams): the figure's own box, as in the other tiers.
            figure.savefig(buffer, format="png", dpi=figure.get_dpi(), bbox_inches="")
            png = self.pngs[id(figure)] = buffer.getvalue()
        w.blob(png)
        width, height = figure.get_size_inches()
        w.double(float(width))
        w.double(float(height))
        w.double(float(figure.get_dpi()))
        axes = figure.get_axes()
        w.word(len(axes))
        for ax in axes:
            w.text(ax.get_title())
            w.text(ax.get_xlabel())
            w.text(ax.get_ylabel())
            for limit in (*ax.get_xlim(), *ax.get_ylim()):
                w.double(float(limit))
            lines = ax.get_lines()
            w.word(len(lines))
            for line in lines:
                w.text(str(line.get_label()))
                for data in (line.get_xdata(), line.get_ydata()):
                    items = data.tolist() if hasattr(data, "tolist") else list(data)
                    self.values(items, depth)


def encode(value):
    """One wire-format message holding `value`."""
    encoder = _Encoder()
    encoder.value(value)
    return encoder.w.finish()


# --- one run ------------------------------------------------------------------------------

def _figures():
    pyplot = sys.modules.get("matplotlib.pyplot")
    return [pyplot.figure(number) for number in pyplot.get_fignums()] if pyplot is not None else []


def _close_figures():
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


def _error_record(error, filename):
    """Type, message and the traceback from the first frame of the generated code on."""
    tb = error.__traceback__
    def qualified(kind):
        return kind.__qualname__ if kind.__module__ == "builtins" else kind.__module__ + "." + kind.__qualname__

    kind = type(error)
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    if isinstance(error, SyntaxError) and error.filename == filename:
        line = error.lineno
    first = error.__traceback__
    while first is not None and first.tb_frame.f_code.co_filename != filename:
        first = first.tb_next
    try:
        message = str(error)
    except Exception:
        message = "<str() failed>"
    return {
        "type": qualified(kind), "message": message, "line": line,
        "hierarchy": [qualified(base) for base in kind.__mro__ if base is not object],
        "recognised": [path for path, cls in _recognised if any(base is cls for base in kind.__mro__)],
        "traceback": "".join(traceback.format_exception(kind, error, first)),
    }


_sessions = {}
# (path, class) of the exception classes recognised by identity, looked up by prepare().
_recognised = []


def run(code, context_json, settings_json, filename="generated_code.py", session=""):
    """Runs `code` and publishes the outcome as one `display_data` with `MIME`.

    The outcome is a dict: `results` (absent when the code made none), `figures`,
    `error` (None, or type/message/traceback), `failures` (what could not be sent).
    With a `session` name the code runs in that session's namespace, which keeps
    its variables for the session's next run (never its `results`); else in a new one.
    """
    import pyexec_runtime
    from IPython.display import publish_display_data

    _close_figures()
    context = pyexec_runtime.context_for_run(settings_json, json.loads(context_json))
    if session:
        namespace = _sessions.setdefault(session, {"__name__": "__main__", "__builtins__": builtins})
        namespace.pop("results", None)
        namespace["context"] = context
    else:
        namespace = {"__name__": "__main__", "__builtins__": builtins, "context": context}
    outcome = {"figures": [], "error": None, "failures": []}
    try:
        exec(compile(code, filename, "exec"), namespace)
    except Exception as error:  # KeyboardInterrupt (the host's interrupt) ends the cell instead
        outcome["error"] = _error_record(error, filename)
    if "results" in namespace:
        outcome["results"] = namespace["results"]
    outcome["figures"] = _figures()
    try:
        payload = encode(outcome)
    except Exception as error:
        outcome = {"figures": [], "error": None, "failures": ["results could not be encoded: %s: %s" % (type(error).__name__, error)]}
        payload = encode(outcome)
    finally:
        _close_figures()
    if not session:
        namespace.clear()
    sys.stdout.flush()
    sys.stderr.flush()
    publish_display_data({MIME: base64.b64encode(payload).decode("ascii")})


def run_encoded(request):
    """`run` with its arguments as base64 of a JSON object: no text in them can break out of the cell."""
    arguments = json.loads(base64.b64decode(request).decode("utf-8"))
    run(arguments["code"], arguments["context"], arguments["settings"], arguments["filename"], arguments.get("session", ""))


def prepare(recognised=()):
    """Once per kernel, before any generated code: looks up the exception classes at the
    `recognised` paths (`module.Class`), which errors are matched against by identity;
    figures render with Agg (never inline-displayed and closed by the kernel)."""
    for path in recognised:
        module, _, name = path.rpartition(".")
        _recognised.append((path, getattr(sys.modules[module], name)))
    os.environ["MPLBACKEND"] = "Agg"
    try:
        import matplotlib
    except ImportError:
        return
    matplotlib.use("Agg", force=True)
