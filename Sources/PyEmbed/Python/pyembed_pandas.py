import datetime
import numpy as np
import pandas as pd

NA = pd.NA
NaT = pd.NaT

try:
    from pandas.core.arrays.masked import BaseMaskedArray
except ImportError:  # a future layout: recognise masked arrays by their parts
    BaseMaskedArray = None

def is_masked(values):
    if BaseMaskedArray is not None:
        return isinstance(values, BaseMaskedArray)
    return isinstance(getattr(values, "_data", None), np.ndarray) and isinstance(getattr(values, "_mask", None), np.ndarray)

def zone_name(tz):
    """`UTC`, a zone key (`Europe/Zurich`), a fixed offset (`+01:00`), or pandas' own name."""
    if tz is datetime.timezone.utc:
        return "UTC"
    for attribute in ("key", "zone"):  # zoneinfo / dateutil-style keys, pytz
        key = getattr(tz, attribute, None)
        if isinstance(key, str) and key:
            return key
    if isinstance(tz, datetime.timezone):
        offset = tz.utcoffset(None)
        seconds = int(offset.total_seconds())
        sign = "-" if seconds < 0 else "+"
        seconds = abs(seconds)
        text = f"{sign}{seconds // 3600:02d}:{seconds // 60 % 60:02d}"
        return text + (f":{seconds % 60:02d}" if seconds % 60 else "")
    from pandas._libs.tslibs import timezones
    return str(timezones.get_timezone(tz))

def object_list(array):
    """The items of a 1-d object array, as a list of the stored objects."""
    return array.tolist() if array.dtype.kind == "O" else array.astype(object).tolist()

def values_parts(values):
    """(kind, data, extra, flag) for the values of a column or index; see ColumnValues+Reading.swift."""
    dtype = values.dtype
    if type(values) is pd.arrays.NumpyExtensionArray:  # not its subclasses (StringArray)
        values = values.to_numpy()
    if isinstance(values, np.ndarray):
        values = values.reshape(-1)
        if values.dtype.kind in "biufcmM":
            return ("array", values, None, None)
        return ("objects", object_list(values), None, None)
    if isinstance(dtype, pd.CategoricalDtype):
        categories = dtype.categories
        return ("categorical", values.codes, values_parts(categories._values), bool(dtype.ordered))
    if isinstance(dtype, pd.DatetimeTZDtype):
        utc = getattr(values, "_ndarray", None)  # pandas keeps zoned datetimes as UTC ticks
        if not (isinstance(utc, np.ndarray) and utc.dtype.kind == "M"):
            utc = np.asarray(values.tz_convert("UTC").tz_localize(None))
        return ("zoned", utc, zone_name(dtype.tz), None)
    if getattr(dtype, "kind", None) in ("m", "M") and isinstance(getattr(values, "_ndarray", None), np.ndarray):
        return ("array", values._ndarray, None, None)
    if is_masked(values):
        return ("masked", values._data, values._mask, None)
    if isinstance(dtype, pd.StringDtype):
        raw = getattr(values, "_ndarray", None)
        items = raw.tolist() if isinstance(raw, np.ndarray) and raw.dtype.kind == "O" else list(values)
        return ("strings", items, None, None)
    return ("objects", list(values), None, None)

def index_parts(index):
    """("range", start, stop, step, name) | ("multi", names, tuples, None, None) | ("values", dtype, name, parts, None)."""
    if isinstance(index, pd.RangeIndex):
        return ("range", index.start, index.stop, index.step, index.name)
    if isinstance(index, pd.MultiIndex):
        return ("multi", list(index.names), list(index), None, None)
    return ("values", str(index.dtype), index.name, values_parts(index._values), None)

def frame_parts(frame):
    """(column labels, [(dtype, values parts)], index parts); columns by position, so duplicates stay."""
    labels = list(frame.columns)
    column = getattr(frame, "_get_column_array", None)
    if not callable(column):
        column = lambda position: frame.iloc[:, position]._values
    columns = []
    for position in range(len(labels)):
        values = column(position)
        columns.append((str(values.dtype), values_parts(values)))
    return (labels, columns, index_parts(frame.index))

def series_parts(series):
    """(name, dtype, values parts, index parts)."""
    values = series._values
    return (series.name, str(values.dtype), values_parts(values), index_parts(series.index))

def array_parts(values):
    """(dtype, values parts) of a standalone extension array."""
    return (str(values.dtype), values_parts(values))

def period_parts(period):
    return (int(period.ordinal), period.freqstr, str(period), type(period).__module__)

def interval_parts(interval):
    return (interval.left, interval.right, interval.closed, str(interval), type(interval).__module__)

def make_array(values, dtype):
    """An extension array of `dtype`; one that already is comes back as it is."""
    if isinstance(values, pd.api.extensions.ExtensionArray):
        return values
    return pd.array(values, dtype=pd.api.types.pandas_dtype(dtype))

def make_period(ordinal, freq):
    return pd.Period(ordinal=ordinal, freq=freq)

def make_interval(left, right, closed):
    def bound(value):  # datetime bounds come back as datetime.datetime / timedelta
        if isinstance(value, datetime.datetime):
            return pd.Timestamp(value)
        if isinstance(value, datetime.timedelta):
            return pd.Timedelta(value)
        return value
    return pd.Interval(bound(left), bound(right), closed=closed)

def make_masked(data, mask, dtype):
    return pd.api.types.pandas_dtype(dtype).construct_array_type()(data, mask)

def make_strings(items, dtype):
    if dtype == "object":
        array = np.empty(len(items), dtype=object)
        array[:] = items
        return array
    return pd.array(items, dtype=pd.api.types.pandas_dtype(dtype))

def make_zoned(utc, zone):
    return pd.DatetimeIndex(utc).tz_localize("UTC").tz_convert(zone).array

def make_categorical(codes, categories, ordered):
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories, ordered=ordered))

def make_objects(array, dtype):
    """An object array, or an array of `dtype` when pandas can build one from the items."""
    if dtype != "object":
        try:
            return pd.array(array, dtype=pd.api.types.pandas_dtype(dtype))
        except (TypeError, ValueError):
            pass
    return array

def make_index_values(values, dtype, name):
    """An Index of `values`; object and str labels keep the dtype they had."""
    if dtype in ("object", "str") or (isinstance(values, np.ndarray) and values.dtype.kind == "O"):
        return pd.Index(values, dtype=dtype if dtype in ("object", "str") else object, name=name)
    return pd.Index(values, name=name)

def make_range(start, stop, step, name):
    return pd.RangeIndex(start, stop, step, name=name)

def make_multi(tuples, names):
    if not tuples:
        return pd.MultiIndex.from_arrays([[] for _ in names], names=names)
    return pd.MultiIndex.from_tuples(tuples, names=names)

def make_labels(labels):
    """Column labels: 0, 1, … become a RangeIndex (pandas' default), tuples a MultiIndex."""
    if all(type(label) is int for label in labels) and labels == list(range(len(labels))):
        return pd.RangeIndex(len(labels))
    return pd.Index(labels, dtype=object) if any(label is None for label in labels) else pd.Index(labels)

def as_series(values, index=None, name=None):
    """A Series keeping `values`' dtype (pandas would infer `str` for object arrays of text)."""
    is_object = isinstance(values, np.ndarray) and values.dtype.kind == "O"
    return pd.Series(values, index=index, name=name, dtype=object if is_object else None, copy=False)

def make_frame(labels, columns, index):
    if columns:
        frame = pd.DataFrame({position: as_series(values) for position, values in enumerate(columns)})
        frame.index = index
    else:
        frame = pd.DataFrame(index=index)
    frame.columns = make_labels(labels)
    return frame

def make_series(values, index, name):
    return as_series(values, index, name)
