// Thin C helpers over libpython for what Swift cannot import directly: macros,
// static inline functions whose form changes between CPython versions, and
// singletons exposed as addresses. Each helper wraps exactly one C-API idiom.
#ifndef CPYTHONSHIM_H
#define CPYTHONSHIM_H

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

// Reference counting (Py_INCREF / Py_DECREF / Py_XDECREF).
void pyshim_incref(PyObject *object);
void pyshim_decref(PyObject *object);
void pyshim_xdecref(PyObject *object);
Py_ssize_t pyshim_refcount(PyObject *object);

// Singletons (Py_None, Py_True, Py_False, Py_Ellipsis, Py_NotImplemented).
PyObject *pyshim_none(void);
PyObject *pyshim_true(void);
PyObject *pyshim_false(void);

// Type checks (the Py*_Check / Py*_CheckExact macros).
PyTypeObject *pyshim_type(PyObject *object);
int pyshim_is_none(PyObject *object);
int pyshim_is_bool(PyObject *object);
int pyshim_is_int(PyObject *object);
int pyshim_is_float(PyObject *object);
int pyshim_is_complex(PyObject *object);
int pyshim_is_str(PyObject *object);
int pyshim_is_bytes(PyObject *object);
int pyshim_is_bytearray(PyObject *object);
int pyshim_is_list(PyObject *object);
int pyshim_is_tuple(PyObject *object);
int pyshim_is_dict(PyObject *object);
int pyshim_is_anyset(PyObject *object);
int pyshim_is_frozenset(PyObject *object);
int pyshim_is_exact_list(PyObject *object);
int pyshim_is_exact_tuple(PyObject *object);
int pyshim_is_exact_dict(PyObject *object);
int pyshim_is_exact_int(PyObject *object);
int pyshim_is_exact_float(PyObject *object);
int pyshim_is_exact_str(PyObject *object);
int pyshim_is_type(PyObject *object);

// Unchecked sequence access (PyList_GET_ITEM, PyTuple_GET_ITEM, Py*_GET_SIZE).
PyObject *pyshim_list_get_item(PyObject *list, Py_ssize_t index);
void pyshim_list_set_item(PyObject *list, Py_ssize_t index, PyObject *stolen);
Py_ssize_t pyshim_list_size(PyObject *list);
PyObject *pyshim_tuple_get_item(PyObject *tuple, Py_ssize_t index);
void pyshim_tuple_set_item(PyObject *tuple, Py_ssize_t index, PyObject *stolen);
Py_ssize_t pyshim_tuple_size(PyObject *tuple);
double pyshim_float_value(PyObject *flt);
char *pyshim_bytes_data(PyObject *bytes);
char *pyshim_bytearray_data(PyObject *bytearray);

// Integers: exact conversion through little-endian two's-complement bytes.
// Returns 0 and sets *overflow when the value does not fit 64 bits.
long long pyshim_long_as_int64(PyObject *integer, int *overflow);
size_t pyshim_long_bit_length(PyObject *integer);
int pyshim_long_as_bytes(PyObject *integer, unsigned char *buffer, size_t length);
PyObject *pyshim_long_from_bytes(const unsigned char *buffer, size_t length);

// Strings: UTF-8 bytes that keep lone surrogates (encoded with "surrogatepass").
PyObject *pyshim_unicode_as_utf8_surrogatepass(PyObject *string);

// Type names: the qualified name (tp_name after the last dot) and module.
const char *pyshim_type_name(PyTypeObject *type);

// Interpreter start-up with PEP 587 configuration (see PythonRuntime).
// Returns NULL on success or a malloc'd error message the caller frees.
char *pyshim_initialize(const char *program_name, int isolated);

// Thread states and the GIL.
unsigned long pyshim_current_thread_id(void);
int pyshim_set_async_exc(unsigned long thread_id, PyObject *exception);

// Tuples from two objects (PyTuple_Pack, which is variadic).
PyObject *pyshim_tuple_pair(PyObject *first, PyObject *second);

// Exceptions (PyErr_Fetch + normalisation in one step).
void pyshim_fetch_exception(PyObject **type, PyObject **value, PyObject **traceback);

#endif
