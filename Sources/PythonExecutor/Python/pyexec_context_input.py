import sys


def make(settings, data):
    return sys.modules['pyexec_runtime'].context_for_run(settings, data)
