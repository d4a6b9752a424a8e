import _frozen_importlib_external, io, linecache, sys, traceback

class SubinterpreterImportError(ImportError):
    """A module that cannot be loaded in a sub-interpreter."""

REFUSED = frozenset(REFUSED)

class RefusingFinder:
    """First on sys.meta_path: refuses the modules that would break (numpy loaded in a
    sub-interpreter first can never be imported by the main interpreter again)."""

    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in REFUSED:
            raise SubinterpreterImportError(f"{top} cannot be imported in a sub-interpreter", name=top)
        return None

sys.meta_path.insert(0, RefusingFinder())

_create_extension = _frozen_importlib_external.ExtensionFileLoader.create_module

def create_extension(self, spec):
    """Any other extension module that refuses this interpreter gets the same error."""
    try:
        return _create_extension(self, spec)
    except SubinterpreterImportError:
        raise
    except ImportError as error:
        raise SubinterpreterImportError(f"{spec.name} cannot be loaded in a sub-interpreter: {error}", name=spec.name) from error

_frozen_importlib_external.ExtensionFileLoader.create_module = create_extension

def refused_module(exc):
    """The module named by a SubinterpreterImportError in exc's chain, or None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, SubinterpreterImportError):
            return exc.name or "?"
        exc = exc.__cause__ or exc.__context__
    return None

def begin_capture():
    buffers = (io.StringIO(), io.StringIO())
    sys.stdout, sys.stderr = buffers
    return buffers

def end_capture(buffers):
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    return (buffers[0].getvalue(), buffers[1].getvalue())
