/// The Python side of the numpy rules: normalising an array so Swift can copy
/// its bytes, describing dtypes, and unpacking scalars.
enum NumpyHelpers {
    static let module = HelperModule(name: "pyembed-numpy", source: #"""
import numpy as np

def array_kind(cls):
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
    """(kind, itemsize, name, unit) of a dtype; unit is None unless datetime/timedelta."""
    unit = np.datetime_data(dtype)[0] if dtype.kind in "Mm" else None
    name = dtype.str.lstrip("<>|=") if dtype.kind in "SUV" else dtype.name
    return (dtype.kind, dtype.itemsize, name, unit)

def prepare(array):
    """A C-contiguous, native-endian array (a view when possible) whose buffer
    holds the elements' raw bytes; datetimes as int64 ticks."""
    dtype = array.dtype
    array = np.asarray(array)  # a base ndarray: subclasses cannot misreport their shape
    if dtype.kind == "O":
        return (array.reshape(-1), array.shape, describe(dtype))
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
"""#)
}
