// Glibc headers first, as the Swift Glibc module sees them: Python.h defines
// feature macros (_GNU_SOURCE, _XOPEN_SOURCE) that would otherwise give
// `fd_set` and friends a second, conflicting definition.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define PY_SSIZE_T_CLEAN
#include <Python.h>
