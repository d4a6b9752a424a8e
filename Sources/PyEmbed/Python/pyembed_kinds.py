BUILTINS = (dict, list, tuple, set, frozenset, str, bytes, bytearray, int, float, complex, bool, type(None))

def generic_kind(cls, kind):
    """The reference's hook order for what classify left generic: tolist(),
    then item(), then to_dict() (also before a dataclass's fields)."""
    if issubclass(cls, BUILTINS) or isinstance(cls, type) and issubclass(cls, type):
        return kind
    if hasattr(cls, "tolist"):
        return "tolist"
    if hasattr(cls, "item"):
        return "item"
    if kind == "dataclass" and callable(getattr(cls, "to_dict", None)):
        return "to_dict"
    return kind
