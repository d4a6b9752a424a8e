// Guards for process-wide state that code run in-process can change (see
// Sources/PyEmbed/Execution/RunState.swift): the audit hook that refuses new
// audit hooks and notes the first `os.chdir`, the wrapper around
// `_signal.signal` that remembers what each changed signal had before, and the
// interrupt exception type, immutable so code cannot make it catchable.
// Everything here runs with the GIL held, which guards the static state.
#include "CPythonShim.h"
#include <errno.h>
#include <limits.h>
#include <signal.h>

// MARK: the audit hook

static char saved_directory[PATH_MAX];
static int directory_saved;

static int audit(const char *event, PyObject *arguments, void *context) {
    (void)arguments; (void)context;
    if (strcmp(event, "sys.addaudithook") == 0) {
        // CPython's documented veto: sys.addaudithook returns without adding the hook.
        PySys_WriteStderr("PyEmbed: sys.addaudithook refused: audit hooks cannot be removed, so code run in-process may not add them\n");
        PyErr_SetString(PyExc_RuntimeError, "PyEmbed refuses new audit hooks");
        return -1;
    }
    if (!directory_saved && strcmp(event, "os.chdir") == 0) {
        directory_saved = getcwd(saved_directory, sizeof saved_directory) != NULL;
    }
    return 0;
}

int pyshim_install_audit_hook(void) {
    return PySys_AddAuditHook(audit, NULL);
}

static int restore_directory(void) {
    if (!directory_saved) return 0;
    directory_saved = 0;
    return chdir(saved_directory) == 0 ? 1 : -1;
}

// MARK: signal handlers

static PyObject *original_signal;  // _signal.signal, reachable only from here
static struct {
    int changed;
    struct sigaction action;  // the OS-level handler before the first change
    PyObject *previous;       // what _signal.signal answered: the Python-level handler before
} saved_signals[NSIG];
static int signals_changed;

static int active_runs;

int pyshim_run_guards_begin(void) {
    if (active_runs++ > 0) return 0;
    // Changes made outside runs (by the host, between runs) are accepted as they are.
    directory_saved = 0;
    for (int number = 1; signals_changed && number < NSIG; number++) {
        saved_signals[number].changed = 0;
        Py_CLEAR(saved_signals[number].previous);
    }
    signals_changed = 0;
    return 1;
}

static int restore_signals(int on_main_thread);
static int restore_directory(void);

int pyshim_run_guards_end(int on_main_thread) {
    if (active_runs > 0) active_runs--;
    int directory = restore_directory();
    int signals = restore_signals(on_main_thread);
    return directory < 0 || signals < 0 ? -1 : directory + signals > 0;
}

static PyObject *guarded_signal(PyObject *self, PyObject *const *arguments, Py_ssize_t count) {
    (void)self;
    int number = 0;
    struct sigaction action;
    if (count >= 1 && PyLong_Check(arguments[0])) {
        int overflow = 0;
        long value = PyLong_AsLongAndOverflow(arguments[0], &overflow);
        if (!overflow && value > 0 && value < NSIG && !saved_signals[value].changed && sigaction((int)value, NULL, &action) == 0) {
            number = (int)value;
        }
        PyErr_Clear();
    }
    PyObject *previous = PyObject_Vectorcall(original_signal, arguments, (size_t)count, NULL);
    if (previous && number) {
        saved_signals[number].changed = 1;
        saved_signals[number].action = action;
        saved_signals[number].previous = Py_NewRef(previous);
        signals_changed = 1;
    }
    return previous;
}

static PyMethodDef guarded_signal_method = {
    "signal", (PyCFunction)(void (*)(void))guarded_signal, METH_FASTCALL,
    "signal(signalnum, handler) -> previous handler (PyEmbed restores it when the run ends)",
};

int pyshim_guard_signals(void) {
    PyObject *module = PyImport_ImportModule("_signal");
    if (!module) return -1;
    original_signal = PyObject_GetAttrString(module, "signal");
    PyObject *guard = original_signal ? PyCFunction_NewEx(&guarded_signal_method, NULL, NULL) : NULL;
    int status = guard ? PyObject_SetAttrString(module, "signal", guard) : -1;
    Py_XDECREF(guard);
    Py_DECREF(module);
    return status;
}

static int restore_signals(int on_main_thread) {
    if (!signals_changed || !on_main_thread) return 0;  // only Python's main thread may set handlers
    signals_changed = 0;
    int failures = 0;
    for (int number = 1; number < NSIG; number++) {
        if (!saved_signals[number].changed) continue;
        saved_signals[number].changed = 0;
        PyObject *previous = saved_signals[number].previous;
        saved_signals[number].previous = NULL;
        // A handler Python did not install (None: the host's own) comes back at the OS level below.
        PyObject *python_side = Py_IsNone(previous) ? PyLong_FromLong((long)(intptr_t)SIG_DFL) : Py_NewRef(previous);
        PyObject *result = python_side ? PyObject_CallFunction(original_signal, "iO", number, python_side) : NULL;
        if (!result) { PyErr_Clear(); failures++; }
        Py_XDECREF(result);
        Py_XDECREF(python_side);
        Py_DECREF(previous);
        if (sigaction(number, &saved_signals[number].action, NULL) != 0) failures++;
    }
    return failures ? -1 : 1;
}

// MARK: the interrupt exception

PyObject *pyshim_new_interrupt_type(void) {
    static PyType_Slot slots[] = {
        {Py_tp_doc, (void *)"Raised into running code when Swift cancels it or its time limit passes."},
        {0, NULL},
    };
    static PyType_Spec spec = {
        .name = "_pyembed.PyEmbedInterrupt",
        .basicsize = sizeof(PyBaseExceptionObject),
        .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
        .slots = slots,
    };
    return PyType_FromSpecWithBases(&spec, PyExc_BaseException);
}

// MARK: stopping a run that catches its interrupt

#if PY_VERSION_HEX < 0x030D0000
static int raise_at_every_line(PyObject *interrupt_type, PyFrameObject *frame, int what, PyObject *argument) {
    (void)frame; (void)argument;
    if (what == PyTrace_C_CALL || what == PyTrace_C_RETURN || what == PyTrace_C_EXCEPTION) return 0;
    PyErr_SetNone(interrupt_type);
    return -1;
}
#endif

int pyshim_set_stopping_trace(PyThreadState *target, PyObject *interrupt_type) {
#if PY_VERSION_HEX < 0x030D0000
    return _PyEval_SetTrace(target, raise_at_every_line, interrupt_type);
#else
    // 3.13 made _PyEval_SetTrace internal and public API sets traces only on the
    // calling thread or on all threads: no stopping trace; the caller keeps raising.
    (void)target; (void)interrupt_type;
    return -1;
#endif
}

void pyshim_clear_stopping_trace(void) {
    PyObject *pending = pyshim_stash_exception();
    PyEval_SetTrace(NULL, NULL);
    PyErr_Clear();
    pyshim_restore_exception(pending);
}

// MARK: dictionaries

uint64_t pyshim_dict_version(PyObject *dictionary) {
#if PY_VERSION_HEX < 0x030C0000
    return ((PyDictObject *)dictionary)->ma_version_tag;
#else
    // No version tag to read: every check compares in full.
    static uint64_t counter;
    (void)dictionary;
    return ++counter;
#endif
}
