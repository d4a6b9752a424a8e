recognised_classes = {}  # id(class) -> (class, path): exception classes matched by identity

def recognise(path):
    """Registers the exception class at `path` (`module.Class`, in a module already in
    sys.modules): describe() lists `path` for its instances, matched by identity."""
    import sys
    module, _, name = path.rpartition(".")
    cls = getattr(sys.modules[module], name)
    if not (isinstance(cls, type) and issubclass(cls, BaseException)):
        raise TypeError(f"{path} is {type(cls).__name__}, not an exception class")
    recognised_classes[id(cls)] = (cls, path)

def qualified_name(cls):
    module = getattr(cls, "__module__", None)
    name = getattr(cls, "__qualname__", cls.__name__)
    return name if module in (None, "builtins") else f"{module}.{name}"

def describe(exc, filename, source):
    """Never raises for a failure of the traceback module or of str(exc): those
    become plain text (Swift describes a failure here without calling it again)."""
    if source is not None:
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        text = "".join(traceback.format_exception(exc))
    except BaseException as failure:
        text = f"<traceback could not be formatted: {type(failure).__name__}>"
    finally:
        if source is not None:
            linecache.cache.pop(filename, None)
    try:
        message = str(exc)
    except BaseException as failure:
        message = f"<str() failed: {type(failure).__name__}>"
    line = None
    tb = exc.__traceback__
    while tb is not None:  # walked here, not with traceback.walk_tb, which code can replace
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    syntax = None
    if isinstance(exc, SyntaxError):
        if line is None and exc.filename == filename:
            line = exc.lineno
        message = exc.msg if exc.msg is not None else message
        code_line = exc.text.rstrip("\r\n") if isinstance(exc.text, str) else None
        syntax = (exc.filename, exc.lineno, exc.offset, exc.end_lineno, exc.end_offset, code_line)
    try:
        hierarchy = [qualified_name(base) for base in type(exc).__mro__]
    except BaseException:
        hierarchy = []
    recognised = []
    for base in type(exc).__mro__:  # the type's own MRO: names and __module__ play no part
        entry = recognised_classes.get(id(base))
        if entry is not None and entry[0] is base:
            recognised.append(entry[1])
    return (qualified_name(type(exc)), message, text, line, syntax, hierarchy, recognised)
