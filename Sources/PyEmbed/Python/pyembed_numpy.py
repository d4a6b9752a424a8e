import numpy as np

def array_kind(cls, kind):
    """"masked_constant" for numpy.ma.masked's type, "masked_array" for other
    MaskedArray types, else "ndarray"."""
    if issubclass(cls, np.ma.core.MaskedConstant):
        return "masked_constant"
    return "masked_array" if issubclass(cls, np.ma.MaskedArray) else "ndarray"

def masked_parts(array):
    """(data as a base ndarray, mask as a bool array of the same shape or None
    for nomask, fill value) of a masked array."""
    if array.dtype.names is not None:
        raise TypeError("masked arrays of a structured dtype are not supported")
    mask = np.ma.getmask(array)
    mask = None if mask is np.ma.nomask else np.asarray(mask, dtype=np.bool_).reshape(array.shape)
    return (np.ma.getdata(array), mask, array.fill_value)

def masked_array(data, mask, fill_value):
    array = np.ma.MaskedArray(data, mask=np.ma.nomask if mask is None else mask)
    # Only a fill value that differs from numpy's default is set: setting
    # 'N/A' on a '<U2' array would cut it to 'N/'.
    if fill_value != array.fill_value:
        array.fill_value = fill_value
    return array

def masked_constant():
    return np.ma.masked

def listed(array):
    """array.tolist() (None where masked), for typed extraction into Swift arrays."""
    return array.tolist()

def describe(dtype):
    """(kind, itemsize, name, unit) of a dtype; unit is None unless datetime/timedelta.
    Structured dtypes are kind "V" and named by str(dtype); raw void ("V8",
    no fields) is kind "v", which Swift does not support."""
    unit = np.datetime_data(dtype)[0] if dtype.kind in "Mm" else None
    if dtype.kind == "V":
        if dtype.names is None or dtype.subdtype is not None:
            return ("v", dtype.itemsize, dtype.str.lstrip("<>|="), None)
        return ("V", dtype.itemsize, str(dtype), None)
    if dtype.kind == "T":
        return ("T", dtype.itemsize, str(dtype), None)
    name = dtype.str.lstrip("<>|=") if dtype.kind in "SU" else dtype.name
    return (dtype.kind, dtype.itemsize, name, unit)

def record_fields(array):
    """[(name, offset, field of every record)] of a structured array, in field order;
    each field has the array's shape followed by its sub-array shape."""
    fields = array.dtype.fields
    return [(name, fields[name][1], array[name]) for name in array.dtype.names]

def record_field(array, name):
    """array[name] of a structured array: a view, no copy."""
    if array.dtype.names is None or name not in array.dtype.names:
        raise KeyError(name)
    return array[name]

def masked_data(array):
    return np.ma.getdata(array)

def record_dtype(fields, itemsize):
    """A structured dtype from [(name, format, sub-array shape, offset)], where a
    format is a dtype name or, for a nested record, (fields, itemsize)."""
    names, formats, offsets = [], [], []
    for name, form, subshape, offset in fields:
        base = record_dtype(*form) if isinstance(form, tuple) else string_dtype(form)
        names.append(name)
        formats.append((base, tuple(subshape)) if subshape else base)
        offsets.append(offset)
    return np.dtype({"names": names, "formats": formats, "offsets": offsets, "itemsize": itemsize})

def records(shape, fields, itemsize, columns, is_record):
    array = np.zeros(tuple(shape), dtype=record_dtype(fields, itemsize))  # zeros: padding bytes are defined
    for (name, *_), column in zip(fields, columns):
        array[name] = column
    return array.view(np.recarray) if is_record else array

def string_items(array):
    """The elements of a StringDType array as str, None where the element is the dtype's na_object."""
    na = getattr(array.dtype, "na_object", None)
    has_na = hasattr(array.dtype, "na_object")
    items = array.reshape(-1).tolist()
    if not has_na:
        return items
    return [item if isinstance(item, str) and not (isinstance(na, str) and item is na) else None for item in items]

def string_dtype(name):
    """np.dtype(name), and the StringDType that str(dtype) named (StringDType(na_object=None))."""
    if not name.startswith("StringDType("):
        return np.dtype(name)
    options = {}
    for part in filter(None, name[len("StringDType("):-1].split(", ")):
        key, _, text = part.partition("=")
        if key == "coerce":
            options["coerce"] = text == "True"
        elif key == "na_object":
            if text == "None":
                options["na_object"] = None
            elif text == "nan":
                options["na_object"] = float("nan")
            elif text == "<NA>":
                import pandas
                options["na_object"] = pandas.NA
            else:
                import ast
                options["na_object"] = ast.literal_eval(text)
    return np.dtypes.StringDType(**options)

def strings(items, shape, name):
    dtype = string_dtype(name)
    na = getattr(dtype, "na_object", None)
    return np.array([na if item is None else item for item in items], dtype=dtype).reshape(tuple(shape))

def prepare(array):
    """A C-contiguous, native-endian array (a view when possible) whose buffer
    holds the elements' raw bytes; datetimes as int64 ticks."""
    dtype = array.dtype
    array = np.asarray(array)  # a base ndarray: subclasses cannot misreport their shape
    if dtype.kind in "OVT":  # objects, records and StringDType are read element- or field-wise
        return (array.reshape(-1) if dtype.kind == "O" else array, array.shape, describe(dtype))
    if not dtype.isnative:
        array = array.astype(dtype.newbyteorder("="))
    if dtype.kind in "Mm":
        array = array.view(np.int64)
    elif dtype.kind == "b":
        array = array.view(np.uint8)
    contiguous = np.ascontiguousarray(array).reshape(array.shape)  # ascontiguousarray makes 0-d arrays 1-d
    return (contiguous, contiguous.shape, describe(dtype))

def view(array):
    """(exportable view, description, is native-endian): datetimes as int64 ticks."""
    dtype = array.dtype
    exportable = array.view(np.int64) if dtype.kind in "Mm" else array
    return (exportable, describe(dtype), dtype.isnative)

def scalar(value):
    """("time", kind, ticks or None, unit) for datetime64/timedelta64, else ("value", python_value)."""
    if isinstance(value, np.void):  # a structured element: a 0-d structured array
        return ("value", np.asarray(value))
    if isinstance(value, (np.datetime64, np.timedelta64)):
        unit = np.datetime_data(value.dtype)[0]
        ticks = None if np.isnat(value) else int(value.view(np.int64))
        return ("time", "M" if isinstance(value, np.datetime64) else "m", ticks, unit)
    item = value.item()
    if isinstance(item, np.generic):  # longdouble and clongdouble stay numpy scalars
        item = complex(item) if np.iscomplexobj(item) else float(item)
    return ("value", item)

def empty(shape, dtype):
    """(array to fill through its buffer, the array to return); datetimes are filled as int64."""
    dtype = np.dtype(dtype)
    if dtype.kind in "Mm":
        ticks = np.empty(tuple(shape), dtype=np.int64)
        return (ticks, ticks.view(dtype))
    if dtype.kind == "b":
        raw = np.empty(tuple(shape), dtype=np.uint8)
        return (raw, raw.view(np.bool_))
    array = np.empty(tuple(shape), dtype=dtype)
    return (array, array)

def from_list(items, shape, dtype):
    array = np.empty(len(items), dtype=np.dtype(dtype))
    for position, item in enumerate(items):  # element-wise: nested lists stay objects
        array[position] = item
    return array.reshape(tuple(shape))

def time_scalar(kind, ticks, unit):
    make = np.datetime64 if kind == "M" else np.timedelta64
    return make("NaT", unit) if ticks is None else make(ticks, unit)
