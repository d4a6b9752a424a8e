extension GIL {
    /// Registers the exception class at `path` so that its instances, and those of
    /// its subclasses, list `path` in ``PythonException/recognisedClasses``.
    ///
    /// The class is looked up now (`module.Class`, in a module already in
    /// `sys.modules`) and matched later by identity, so code that defines its own
    /// class with the same name and `__module__` is not taken for it. Register
    /// before running code that could replace the module. Main interpreter only.
    ///
    /// - Throws: ``PyEmbedError/exception(_:)`` when the module or the class is
    ///   missing or the object is not an exception class.
    public func recogniseExceptions(of path: String) throws(PyEmbedError) {
        SupportModule.installed.namespace.verify(self)
        _ = try SupportModule.installed.recognise.borrow(self).call([path])
    }
}
