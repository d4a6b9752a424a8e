#include "CPythonShim.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Integers. 3.13 made the byte-array calls public (PyLong_AsNativeBytes,
// PyLong_FromNativeBytes) and changed the private _PyLong_AsByteArray's
// signature; older versions have only the private calls.
size_t pyshim_long_byte_count(PyObject *integer) {
#if PY_VERSION_HEX >= 0x030D0000
    Py_ssize_t needed = PyLong_AsNativeBytes(integer, NULL, 0, Py_ASNATIVEBYTES_LITTLE_ENDIAN);
    if (needed < 0) {
        PyErr_Clear();
        return 0;
    }
    return (size_t)needed;
#else
    return _PyLong_NumBits(integer) / 8 + 1;
#endif
}

int pyshim_long_as_bytes(PyObject *integer, unsigned char *buffer, size_t length) {
#if PY_VERSION_HEX >= 0x030D0000
    Py_ssize_t needed = PyLong_AsNativeBytes(integer, buffer, (Py_ssize_t)length, Py_ASNATIVEBYTES_LITTLE_ENDIAN);
    if (needed < 0) return -1;
    if ((size_t)needed > length) {
        PyErr_SetString(PyExc_OverflowError, "int too big to convert");
        return -1;
    }
    return 0;
#else
    return _PyLong_AsByteArray((PyLongObject *)integer, buffer, length, /*little_endian*/ 1, /*is_signed*/ 1);
#endif
}

PyObject *pyshim_long_from_bytes(const unsigned char *buffer, size_t length) {
#if PY_VERSION_HEX >= 0x030D0000
    return PyLong_FromNativeBytes(buffer, length, Py_ASNATIVEBYTES_LITTLE_ENDIAN);
#else
    return _PyLong_FromByteArray(buffer, length, /*little_endian*/ 1, /*is_signed*/ 1);
#endif
}

PyObject *pyshim_unicode_as_utf8_surrogatepass(PyObject *string) {
    return PyUnicode_AsEncodedString(string, "utf-8", "surrogatepass");
}

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

int pyshim_set_async_exc(unsigned long thread_id, PyObject *exception) {
    return PyThreadState_SetAsyncExc(thread_id, exception);
}

// Exceptions. 3.12 keeps one normalised exception object
// (PyErr_GetRaisedException) and deprecates the type/value/traceback triple.
void pyshim_fetch_exception(PyObject **type, PyObject **value, PyObject **traceback) {
#if PY_VERSION_HEX >= 0x030C0000
    PyObject *exception = PyErr_GetRaisedException();
    *value = exception;
    *type = exception ? Py_NewRef((PyObject *)Py_TYPE(exception)) : NULL;
    *traceback = exception ? PyException_GetTraceback(exception) : NULL;
#else
    PyErr_Fetch(type, value, traceback);
    if (*type) {
        PyErr_NormalizeException(type, value, traceback);
        if (*traceback && *value) PyException_SetTraceback(*value, *traceback);
    }
#endif
}

PyObject *pyshim_stash_exception(void) {
    PyObject *type, *value, *traceback;
    pyshim_fetch_exception(&type, &value, &traceback);
    Py_XDECREF(type);
    Py_XDECREF(traceback);
    return value;
}

void pyshim_restore_exception(PyObject *exception) {
    if (!exception) return;
#if PY_VERSION_HEX >= 0x030C0000
    PyErr_SetRaisedException(exception);
#else
    PyErr_Restore(Py_NewRef((PyObject *)Py_TYPE(exception)), exception, PyException_GetTraceback(exception));
#endif
}

// MARK: sub-interpreters (3.11: one GIL for all interpreters; no PyGILState_* here)

PyThreadState *pyshim_main_thread_state_new(void) {
    return PyThreadState_New(PyInterpreterState_Main());
}

PyThreadState *pyshim_subinterpreter_new(PyThreadState *main_state) {
    PyEval_RestoreThread(main_state);
    PyThreadState *state = Py_NewInterpreter();
    if (!state) {
        PyErr_Clear();
        PyEval_SaveThread();
        return NULL;
    }
    PyEval_SaveThread();
    return state;
}

int pyshim_subinterpreter_end(PyThreadState *state, PyThreadState *main_state) {
    PyEval_RestoreThread(state);
    PyInterpreterState *interpreter = PyThreadState_GetInterpreter(state);
    // Py_EndInterpreter aborts the process when another thread state of the interpreter
    // exists (a thread the code started); such an interpreter is left as it is.
    if (PyInterpreterState_ThreadHead(interpreter) != state || PyThreadState_Next(state) != NULL) {
        PyEval_SaveThread();
        return 1;
    }
    Py_EndInterpreter(state);
    PyThreadState_Swap(main_state);
    PyEval_SaveThread();
    return 0;
}

PyThreadState *pyshim_thread_state_new_like(PyThreadState *other) {
    return PyThreadState_New(PyThreadState_GetInterpreter(other));
}

void pyshim_thread_state_drop_current(void) {
    PyThreadState_Clear(PyThreadState_Get());
    PyThreadState_DeleteCurrent();
}
