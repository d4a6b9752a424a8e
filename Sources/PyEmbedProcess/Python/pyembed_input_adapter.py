import sys


def adapt(path, inputs):
    module, _, name = path.rpartition('.')
    result = getattr(sys.modules[module], name)(inputs)
    if not isinstance(result, dict):
        raise TypeError(f'{path} returned {type(result).__name__}, not a dict')
    return result
