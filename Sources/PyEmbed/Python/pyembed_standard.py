import datetime, importlib, sys

def zone_parts(tzinfo, offset, name):
    """(offset seconds, name) of an aware value's zone; None when naive."""
    if offset is None:
        return None
    if tzinfo is datetime.timezone.utc:
        return (offset.total_seconds(), "UTC")
    for attribute in ("key", "zone"):  # zoneinfo and dateutil use key, pytz uses zone
        key = getattr(tzinfo, attribute, None)
        if isinstance(key, str) and key:
            return (offset.total_seconds(), key)
    return (offset.total_seconds(), name)

def datetime_parts(value):
    """(year, month, day, hour, minute, second, microsecond, nanosecond, zone)."""
    zone = zone_parts(value.tzinfo, value.utcoffset(), value.tzname())
    nanosecond = getattr(value, "nanosecond", 0)  # pandas.Timestamp
    return (value.year, value.month, value.day, value.hour, value.minute, value.second,
            value.microsecond, nanosecond if isinstance(nanosecond, int) else 0, zone)

def date_parts(value):
    return (value.year, value.month, value.day)

def time_parts(value):
    """(hour, minute, second, microsecond, zone); a zone without a fixed offset
    (zoneinfo on a bare time) makes the time naive, as Python defines it."""
    zone = zone_parts(value.tzinfo, value.utcoffset(), value.tzname())
    return (value.hour, value.minute, value.second, value.microsecond, zone)

def timedelta_parts(value):
    """(days, seconds, microseconds); pandas.Timedelta's nanoseconds are dropped."""
    return (value.days, value.seconds, value.microseconds)

def type_names(value):
    cls = type(value)
    return (getattr(cls, "__qualname__", cls.__name__), getattr(cls, "__module__", None) or "builtins")

def enum_parts(member):
    """(qualified name, module, member name or "", value)."""
    qualname, module = type_names(member)
    name = member.name
    return (qualname, module, name if isinstance(name, str) else "", member.value)

def dataclass_fields(value):
    import dataclasses
    return tuple(field.name for field in dataclasses.fields(value))

def fixed_zone(seconds, name):
    offset = datetime.timedelta(seconds=seconds)
    if name == "UTC" and not offset:
        return datetime.timezone.utc
    zone = datetime.timezone(offset)
    if name is not None and name != zone.tzname(None):
        zone = datetime.timezone(offset, name)
    return zone

def with_zone(naive, zone):
    """`naive` in `zone` = (seconds, name): a ZoneInfo when the name is a zoneinfo
    key giving that offset at that moment (fold chosen by the offset), else a
    fixed offset."""
    if zone is None:
        return naive
    seconds, name = zone
    if name is not None and name != "UTC":
        import zoneinfo
        try:
            key = zoneinfo.ZoneInfo(name)
        except (ValueError, LookupError, OSError, TypeError):
            key = None
        if key is not None:
            offset = datetime.timedelta(seconds=seconds)
            for fold in (0, 1):
                candidate = naive.replace(tzinfo=key, fold=fold)
                if candidate.utcoffset() == offset:
                    return candidate
    return naive.replace(tzinfo=fixed_zone(seconds, name))

def make_datetime(year, month, day, hour, minute, second, microsecond, nanosecond, zone):
    value = with_zone(datetime.datetime(year, month, day, hour, minute, second, microsecond), zone)
    if nanosecond:
        if not 0 <= nanosecond < 1000:
            raise ValueError(f"nanosecond must be in 0..999, not {nanosecond}")
        import pandas
        value = pandas.Timestamp(value, nanosecond=nanosecond)
    return value

def make_time(hour, minute, second, microsecond, zone):
    tzinfo = None if zone is None else fixed_zone(*zone)
    return datetime.time(hour, minute, second, microsecond, tzinfo=tzinfo)

def make_date(year, month, day):
    return datetime.date(year, month, day)

def make_timedelta(days, seconds, microseconds):
    return datetime.timedelta(days=days, seconds=seconds, microseconds=microseconds)

def make_path(text):
    import pathlib
    return pathlib.Path(text)

def path_parts(path):
    """(str, is a concrete Path, is a Windows path, the type's module) of a pathlib path."""
    import pathlib
    return (str(path), isinstance(path, pathlib.Path), isinstance(path, pathlib.PureWindowsPath), type(path).__module__)

def make_pure_path(text, windows):
    import pathlib
    return (pathlib.PureWindowsPath if windows else pathlib.PurePosixPath)(text)

def make_decimal(text):
    import decimal
    return decimal.Decimal(text)

def find_class(module_name, qualname):
    try:
        module = sys.modules.get(module_name) or importlib.import_module(module_name)
    except ImportError as error:
        raise LookupError(f"cannot import module {module_name!r} of {module_name}.{qualname}: {error}") from None
    found = module
    for part in qualname.split("."):
        found = getattr(found, part, None)
        if found is None:
            hint = (" (classes defined in run code are not importable; define them in a module)"
                    if module_name == "__main__" or "<locals>" in qualname else "")
            raise LookupError(f"{module_name}.{qualname} not found{hint}")
    return found

def make_enum(module_name, qualname, name, value):
    import enum
    cls = find_class(module_name, qualname)
    if not (isinstance(cls, type) and issubclass(cls, enum.Enum)):
        raise TypeError(f"{module_name}.{qualname} is not an enum.Enum class")
    member = cls.__members__.get(name)
    if member is not None:
        return member
    if issubclass(cls, enum.Flag) and (not name or "|" in name):  # composite or empty flag
        return cls(value)
    raise LookupError(f"{module_name}.{qualname} has no member {name!r}")
