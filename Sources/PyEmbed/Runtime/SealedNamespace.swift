import CPythonShim

/// The namespace of PyEmbed's own Python code (the support module, the
/// numpy/pandas/matplotlib/standard helpers, a service's analyser), sealed when
/// it was loaded.
///
/// Code run in the same interpreter can find these objects through `gc` and
/// rebind a global, swap a function's `__code__` or `__defaults__`, or replace
/// a method of a class defined there. ``verify(_:)`` puts all of that back
/// before PyEmbed calls into the namespace again; when nothing changed it
/// costs one comparison per dictionary and three per function.
final class SealedNamespace: @unchecked Sendable {
    /// A function and what it had when sealed, as raw pointers (kept alive by `owned`),
    /// so checking costs no reference counting.
    private struct Function {
        let object: UnsafeMutablePointer<PyObject>
        let code: UnsafeMutablePointer<PyObject>
        let defaults: UnsafeMutablePointer<PyObject>?
        let keywordDefaults: UnsafeMutablePointer<PyObject>?
    }

    /// The namespace's dictionary (its globals).
    var dictionary: PythonObject { globals.dictionary }
    private let globals: GuardedDictionary
    private let classes: [GuardedDictionary]
    private let functions: [Function]
    private let owned: [PythonObject]

    /// Seals `namespace` (a `dict`) as it is now: its bindings, the functions
    /// and classes defined in it, and the methods of those classes.
    init(_ namespace: PythonObject, _ gil: GIL) throws(PythonException) {
        globals = try GuardedDictionary(namespace, gil)
        var functions: [Function] = [], classes: [GuardedDictionary] = []
        let name = PyDict_GetItemString(namespace.pointer, "__name__")
        for value in Self.values(of: namespace.pointer) {
            if pyshim_is_function(value) != 0 {
                functions.append(Self.function(value, gil))
            } else if pyshim_is_type(value) != 0, let name, let module = PyObject_GetAttrString(value, "__module__") {
                defer { pyshim_decref(module) }
                guard PyObject_RichCompareBool(module, name, Py_EQ) == 1, let members = pyshim_type_dict(value) else { continue }
                let type = PythonObject(retaining: value, gil)
                classes.append(try GuardedDictionary(PythonObject(retaining: members, gil), gil) { _, _ in PyType_Modified(UnsafeMutableRawPointer(type.pointer).assumingMemoryBound(to: PyTypeObject.self)) })
                functions += Self.values(of: members).filter { pyshim_is_function($0) != 0 }.map { Self.function($0, gil) }
            }
        }
        PyErr_Clear()
        self.functions = functions
        self.classes = classes
        owned = functions.flatMap { function in
            [function.object, function.code, function.defaults, function.keywordDefaults].compactMap { $0.map { PythonObject(retaining: $0, gil) } }
        }
    }

    /// Puts back whatever code changed since the seal; returns whether anything was.
    @discardableResult
    func verify(_ gil: GIL) -> Bool {
        var restored = globals.restore(gil)
        for members in classes where members.restore(gil) { restored = true }
        for function in functions {
            let pointer = function.object
            if PyFunction_GetCode(pointer) != function.code {
                if PyObject_SetAttrString(pointer, "__code__", function.code) != 0 { PyErr_Clear() }
                restored = true
            }
            if PyFunction_GetDefaults(pointer) != function.defaults {
                if PyFunction_SetDefaults(pointer, function.defaults ?? pyshim_none()) != 0 { PyErr_Clear() }
                restored = true
            }
            if PyFunction_GetKwDefaults(pointer) != function.keywordDefaults {
                if PyFunction_SetKwDefaults(pointer, function.keywordDefaults ?? pyshim_none()) != 0 { PyErr_Clear() }
                restored = true
            }
        }
        return restored
    }

    private static func function(_ pointer: UnsafeMutablePointer<PyObject>, _ gil: GIL) -> Function {
        Function(object: pointer, code: PyFunction_GetCode(pointer), defaults: PyFunction_GetDefaults(pointer),
                 keywordDefaults: PyFunction_GetKwDefaults(pointer))
    }

    private static func values(of dictionary: UnsafeMutablePointer<PyObject>) -> [UnsafeMutablePointer<PyObject>] {
        var position = 0
        var key: UnsafeMutablePointer<PyObject>?, value: UnsafeMutablePointer<PyObject>?
        var values: [UnsafeMutablePointer<PyObject>] = []
        while PyDict_Next(dictionary, &position, &key, &value) != 0 {
            if let value { values.append(value) }
        }
        return values
    }
}
