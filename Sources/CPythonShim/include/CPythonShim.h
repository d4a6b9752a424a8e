// Thin C helpers over libpython for what Swift cannot import directly: macros,
// static inline functions whose form changes between CPython versions, and
// singletons exposed as addresses. Each helper wraps exactly one C-API idiom.
// The one-line helpers are static inline so that hot conversion loops pay no
// call for them; the rest live in shim.c.
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
static inline void pyshim_incref(PyObject *object) { Py_INCREF(object); }
static inline void pyshim_decref(PyObject *object) { Py_DECREF(object); }
static inline void pyshim_xdecref(PyObject *object) { Py_XDECREF(object); }
static inline Py_ssize_t pyshim_refcount(PyObject *object) { return Py_REFCNT(object); }

// Singletons (Py_None, Py_True, Py_False, Py_Ellipsis, Py_NotImplemented).
static inline PyObject *pyshim_none(void) { return Py_None; }
static inline PyObject *pyshim_true(void) { return Py_True; }
static inline PyObject *pyshim_false(void) { return Py_False; }

// Type checks (the Py*_Check / Py*_CheckExact macros).
static inline PyTypeObject *pyshim_type(PyObject *object) { return Py_TYPE(object); }
static inline int pyshim_is_none(PyObject *object) { return object == Py_None; }
static inline int pyshim_is_bool(PyObject *object) { return PyBool_Check(object); }
static inline int pyshim_is_int(PyObject *object) { return PyLong_Check(object); }
static inline int pyshim_is_float(PyObject *object) { return PyFloat_Check(object); }
static inline int pyshim_is_complex(PyObject *object) { return PyComplex_Check(object); }
static inline int pyshim_is_str(PyObject *object) { return PyUnicode_Check(object); }
static inline int pyshim_is_bytes(PyObject *object) { return PyBytes_Check(object); }
static inline int pyshim_is_bytearray(PyObject *object) { return PyByteArray_Check(object); }
static inline int pyshim_is_list(PyObject *object) { return PyList_Check(object); }
static inline int pyshim_is_tuple(PyObject *object) { return PyTuple_Check(object); }
static inline int pyshim_is_dict(PyObject *object) { return PyDict_Check(object); }
static inline int pyshim_is_anyset(PyObject *object) { return PyAnySet_Check(object); }
static inline int pyshim_is_frozenset(PyObject *object) { return PyFrozenSet_Check(object); }
static inline int pyshim_is_exact_list(PyObject *object) { return PyList_CheckExact(object); }
static inline int pyshim_is_exact_tuple(PyObject *object) { return PyTuple_CheckExact(object); }
static inline int pyshim_is_exact_dict(PyObject *object) { return PyDict_CheckExact(object); }
static inline int pyshim_is_exact_int(PyObject *object) { return PyLong_CheckExact(object); }
static inline int pyshim_is_exact_float(PyObject *object) { return PyFloat_CheckExact(object); }
static inline int pyshim_is_exact_str(PyObject *object) { return PyUnicode_CheckExact(object); }
static inline int pyshim_is_type(PyObject *object) { return PyType_Check(object); }
static inline int pyshim_is_module(PyObject *object) { return PyModule_Check(object); }
static inline int pyshim_is_function(PyObject *object) { return PyFunction_Check(object); }
static inline PyObject *pyshim_type_dict(PyObject *type) { return ((PyTypeObject *)type)->tp_dict; }

// Unchecked sequence access (PyList_GET_ITEM, PyTuple_GET_ITEM, Py*_GET_SIZE).
// The item array of a list or tuple (ob_item), valid until the list changes.
static inline PyObject **pyshim_sequence_items(PyObject *sequence) {
    return PyList_Check(sequence) ? ((PyListObject *)sequence)->ob_item : ((PyTupleObject *)sequence)->ob_item;
}
static inline PyObject *pyshim_list_get_item(PyObject *list, Py_ssize_t index) { return PyList_GET_ITEM(list, index); }
static inline void pyshim_list_set_item(PyObject *list, Py_ssize_t index, PyObject *stolen) { PyList_SET_ITEM(list, index, stolen); }
static inline Py_ssize_t pyshim_list_size(PyObject *list) { return PyList_GET_SIZE(list); }
static inline PyObject *pyshim_tuple_get_item(PyObject *tuple, Py_ssize_t index) { return PyTuple_GET_ITEM(tuple, index); }
static inline void pyshim_tuple_set_item(PyObject *tuple, Py_ssize_t index, PyObject *stolen) { PyTuple_SET_ITEM(tuple, index, stolen); }
static inline Py_ssize_t pyshim_tuple_size(PyObject *tuple) { return PyTuple_GET_SIZE(tuple); }
static inline double pyshim_float_value(PyObject *flt) { return PyFloat_AS_DOUBLE(flt); }
static inline char *pyshim_bytes_data(PyObject *bytes) { return PyBytes_AS_STRING(bytes); }
static inline char *pyshim_bytearray_data(PyObject *bytearray) { return PyByteArray_AS_STRING(bytearray); }

// Integers: exact conversion through little-endian two's-complement bytes.
// Returns 0 and sets *overflow when the value does not fit 64 bits.
static inline long long pyshim_long_as_int64(PyObject *integer, int *overflow) {
    return PyLong_AsLongLongAndOverflow(integer, overflow);
}
// The bytes a signed little-endian copy of the int needs (0 on failure, the error cleared).
size_t pyshim_long_byte_count(PyObject *integer);
// Reads an exact int of at most two 30-bit digits straight from its digits
// (CPython 3.11's layout); returns 0 for anything else, which the caller reads
// with pyshim_long_as_int64.
static inline int pyshim_long_small(PyObject *integer, long long *value) {
#if PY_VERSION_HEX >= 0x030C0000
    (void)integer; (void)value;
    return 0;
#else
    if (!PyLong_CheckExact(integer)) return 0;
    Py_ssize_t size = Py_SIZE(integer);
    const digit *digits = ((PyLongObject *)integer)->ob_digit;
    long long magnitude;
    switch (size < 0 ? -size : size) {
    case 0: *value = 0; return 1;
    case 1: magnitude = (long long)digits[0]; break;
    case 2: magnitude = (long long)digits[0] | ((long long)digits[1] << PyLong_SHIFT); break;
    default: return 0;
    }
    *value = size < 0 ? -magnitude : magnitude;
    return 1;
#endif
}
int pyshim_long_as_bytes(PyObject *integer, unsigned char *buffer, size_t length);
PyObject *pyshim_long_from_bytes(const unsigned char *buffer, size_t length);

// Strings: UTF-8 bytes that keep lone surrogates (encoded with "surrogatepass").
PyObject *pyshim_unicode_as_utf8_surrogatepass(PyObject *string);

// Type names: the qualified name (tp_name after the last dot) and module.
static inline const char *pyshim_type_name(PyTypeObject *type) { return type->tp_name; }

// Interpreter start-up with PEP 587 configuration (see PythonRuntime).
// Returns NULL on success or a malloc'd error message the caller frees.
char *pyshim_initialize(const char *program_name, int isolated);

// Thread states and the GIL.
static inline unsigned long pyshim_current_thread_id(void) { return PyThread_get_thread_ident(); }
int pyshim_set_async_exc(unsigned long thread_id, PyObject *exception);

// Sub-interpreters (see Sources/PyEmbed/Subinterpreters). Thread states are handled
// explicitly: PyGILState_* does not support sub-interpreters.
// A new thread state of the main interpreter for the calling thread (GIL not needed).
PyThreadState *pyshim_main_thread_state_new(void);
// Creates a sub-interpreter from the calling thread, whose main-interpreter state is
// `main_state`; GIL not held before or after. Returns its thread state, or NULL.
PyThreadState *pyshim_subinterpreter_new(PyThreadState *main_state);
// Ends the interpreter of `state` (GIL not held before or after). Returns 0 when it
// ended, 1 when it was left alive because another thread state of it exists.
int pyshim_subinterpreter_end(PyThreadState *state, PyThreadState *main_state);
// A new thread state, for the calling thread, in the interpreter of `other` (GIL not needed).
PyThreadState *pyshim_thread_state_new_like(PyThreadState *other);
// Clears and deletes the calling thread's current thread state and releases the GIL.
void pyshim_thread_state_drop_current(void);

// Exceptions: the pending exception, normalised, with its traceback attached
// (PyErr_GetRaisedException on 3.12+, PyErr_Fetch + normalisation before).
// All three are new references (or NULL when none is pending); the error is cleared.
void pyshim_fetch_exception(PyObject **type, PyObject **value, PyObject **traceback);
// Takes the pending exception out (a new reference, NULL when none) so Python can run meanwhile...
PyObject *pyshim_stash_exception(void);
// ...and sets it pending again, stealing the reference (nothing when NULL).
void pyshim_restore_exception(PyObject *exception);

// Guards for process-wide state a run can change (guards.c).
// Installs the audit hook that refuses new audit hooks and notes the directory before the first os.chdir.
int pyshim_install_audit_hook(void);
// Replaces _signal.signal with a wrapper that remembers each changed signal's previous handlers.
int pyshim_guard_signals(void);
// Marks a run's start. When no other run is going on, changes made before (outside runs) are
// accepted and it returns 1 (the caller accepts its own guarded state too), else 0.
int pyshim_run_guards_begin(void);
// Marks a run's end and puts back the working directory (after os.chdir) and the handlers of
// signals changed since (Python's and the OS's; only on Python's main thread, the one that may
// set them). Returns 0 when nothing changed, 1 when something was put back, -1 on a failure.
int pyshim_run_guards_end(int on_main_thread);
// Sets, on the thread state `target` (GIL held, any thread), a trace function that raises
// `interrupt_type` at every line: code that catches the interrupt cannot run on. 0 on success.
int pyshim_set_stopping_trace(PyThreadState *target, PyObject *interrupt_type);
// Removes the calling thread's trace function (the run is over), keeping a pending exception.
void pyshim_clear_stopping_trace(void);
// The type of the interrupt exception: a BaseException subclass that cannot be modified.
PyObject *pyshim_new_interrupt_type(void);
// A number that changes whenever the dictionary changes (PEP 509's version tag where it exists).
uint64_t pyshim_dict_version(PyObject *dictionary);

#endif
