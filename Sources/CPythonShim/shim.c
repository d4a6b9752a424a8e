#include "CPythonShim.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pyshim_incref(PyObject *object) { Py_INCREF(object); }
void pyshim_decref(PyObject *object) { Py_DECREF(object); }
void pyshim_xdecref(PyObject *object) { Py_XDECREF(object); }
Py_ssize_t pyshim_refcount(PyObject *object) { return Py_REFCNT(object); }

PyObject *pyshim_none(void) { return Py_None; }
PyObject *pyshim_true(void) { return Py_True; }
PyObject *pyshim_false(void) { return Py_False; }

PyTypeObject *pyshim_type(PyObject *object) { return Py_TYPE(object); }
int pyshim_is_none(PyObject *object) { return object == Py_None; }
int pyshim_is_bool(PyObject *object) { return PyBool_Check(object); }
int pyshim_is_int(PyObject *object) { return PyLong_Check(object); }
int pyshim_is_float(PyObject *object) { return PyFloat_Check(object); }
int pyshim_is_complex(PyObject *object) { return PyComplex_Check(object); }
int pyshim_is_str(PyObject *object) { return PyUnicode_Check(object); }
int pyshim_is_bytes(PyObject *object) { return PyBytes_Check(object); }
int pyshim_is_bytearray(PyObject *object) { return PyByteArray_Check(object); }
int pyshim_is_list(PyObject *object) { return PyList_Check(object); }
int pyshim_is_tuple(PyObject *object) { return PyTuple_Check(object); }
int pyshim_is_dict(PyObject *object) { return PyDict_Check(object); }
int pyshim_is_anyset(PyObject *object) { return PyAnySet_Check(object); }
int pyshim_is_frozenset(PyObject *object) { return PyFrozenSet_Check(object); }
int pyshim_is_exact_list(PyObject *object) { return PyList_CheckExact(object); }
int pyshim_is_exact_tuple(PyObject *object) { return PyTuple_CheckExact(object); }
int pyshim_is_exact_dict(PyObject *object) { return PyDict_CheckExact(object); }
int pyshim_is_exact_int(PyObject *object) { return PyLong_CheckExact(object); }
int pyshim_is_exact_float(PyObject *object) { return PyFloat_CheckExact(object); }
int pyshim_is_exact_str(PyObject *object) { return PyUnicode_CheckExact(object); }
int pyshim_is_type(PyObject *object) { return PyType_Check(object); }

PyObject *pyshim_list_get_item(PyObject *list, Py_ssize_t index) { return PyList_GET_ITEM(list, index); }
void pyshim_list_set_item(PyObject *list, Py_ssize_t index, PyObject *stolen) { PyList_SET_ITEM(list, index, stolen); }
Py_ssize_t pyshim_list_size(PyObject *list) { return PyList_GET_SIZE(list); }
PyObject *pyshim_tuple_get_item(PyObject *tuple, Py_ssize_t index) { return PyTuple_GET_ITEM(tuple, index); }
void pyshim_tuple_set_item(PyObject *tuple, Py_ssize_t index, PyObject *stolen) { PyTuple_SET_ITEM(tuple, index, stolen); }
Py_ssize_t pyshim_tuple_size(PyObject *tuple) { return PyTuple_GET_SIZE(tuple); }
double pyshim_float_value(PyObject *flt) { return PyFloat_AS_DOUBLE(flt); }
char *pyshim_bytes_data(PyObject *bytes) { return PyBytes_AS_STRING(bytes); }
char *pyshim_bytearray_data(PyObject *bytearray) { return PyByteArray_AS_STRING(bytearray); }

long long pyshim_long_as_int64(PyObject *integer, int *overflow) {
    return PyLong_AsLongLongAndOverflow(integer, overflow);
}

size_t pyshim_long_bit_length(PyObject *integer) {
    return _PyLong_NumBits(integer);
}

int pyshim_long_as_bytes(PyObject *integer, unsigned char *buffer, size_t length) {
    return _PyLong_AsByteArray((PyLongObject *)integer, buffer, length, /*little_endian*/ 1, /*is_signed*/ 1);
}

PyObject *pyshim_long_from_bytes(const unsigned char *buffer, size_t length) {
    return _PyLong_FromByteArray(buffer, length, /*little_endian*/ 1, /*is_signed*/ 1);
}

PyObject *pyshim_unicode_as_utf8_surrogatepass(PyObject *string) {
    return PyUnicode_AsEncodedString(string, "utf-8", "surrogatepass");
}

const char *pyshim_type_name(PyTypeObject *type) { return type->tp_name; }

static char *copy_status_message(PyStatus status, const char *fallback) {
    const char *message = status.err_msg ? status.err_msg : fallback;
    const char *function = status.func ? status.func : "Py_InitializeFromConfig";
    size_t length = strlen(message) + strlen(function) + 3;
    char *text = malloc(length);
    if (text) snprintf(text, length, "%s: %s", function, message);
    return text;
}

char *pyshim_initialize(const char *program_name, int isolated) {
    PyConfig config;
    if (isolated) {
        PyConfig_InitIsolatedConfig(&config);
    } else {
        PyConfig_InitPythonConfig(&config);
    }
    // A host process keeps its own signal handlers, argv and C stdio settings.
    config.install_signal_handlers = 0;
    config.parse_argv = 0;
    config.configure_c_stdio = 0;
    config.site_import = 1;
    PyStatus status;
    if (program_name) {
        status = PyConfig_SetBytesString(&config, &config.program_name, program_name);
        if (PyStatus_Exception(status)) {
            PyConfig_Clear(&config);
            return copy_status_message(status, "cannot set program name");
        }
    }
    status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        return copy_status_message(status, "initialisation failed");
    }
    return NULL;
}

unsigned long pyshim_current_thread_id(void) { return PyThread_get_thread_ident(); }

int pyshim_set_async_exc(unsigned long thread_id, PyObject *exception) {
    return PyThreadState_SetAsyncExc(thread_id, exception);
}

void pyshim_fetch_exception(PyObject **type, PyObject **value, PyObject **traceback) {
    PyErr_Fetch(type, value, traceback);
    if (*type) {
        PyErr_NormalizeException(type, value, traceback);
        if (*traceback && *value) PyException_SetTraceback(*value, *traceback);
    }
}

PyObject *pyshim_tuple_pair(PyObject *first, PyObject *second) {
    return PyTuple_Pack(2, first, second);
}
