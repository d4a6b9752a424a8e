@testable import PyEmbed
import Testing

@Suite("Exception classes recognised by identity")
struct RecognisedExceptionTests {
    /// A module with one exception class, registered in `sys.modules` under a name no other test uses.
    private static let module = "pyembed_recognition_probe"

    @Test func registeredClassesAreMatchedByIdentityNotByName() throws {
        let path = "\(Self.module).ProbeError"
        try python().withGIL { (gil) throws(PyEmbedError) in
            _ = try gil.run("""
                import sys, types
                module = types.ModuleType('\(Self.module)')
                exec("class ProbeError(Exception):\\n    pass\\nclass Child(ProbeError):\\n    pass", module.__dict__)
                sys.modules[module.__name__] = module
                """)
            try gil.recogniseExceptions(of: path)
        }
        let real = try raised("import \(Self.module)\nraise \(Self.module).ProbeError('real')")
        #expect(real?.recognisedClasses == [path])
        let child = try raised("import \(Self.module)\nraise \(Self.module).Child('subclass')")
        #expect(child?.recognisedClasses == [path])
        // Same qualified name, different object: listed in the hierarchy by name, never recognised.
        let lookAlike = try raised("class ProbeError(Exception):\n    pass\nProbeError.__module__ = '\(Self.module)'\nraise ProbeError('fake')")
        #expect(lookAlike?.typeName == path && lookAlike?.isInstance(of: path) == true)
        #expect(lookAlike?.recognisedClasses == [])
        #expect(try raised("1 / 0")?.recognisedClasses == [])
    }

    @Test func aPathThatIsNotAnExceptionClassIsRefused() throws {
        try python().withGIL { gil in
            #expect(exception(from: { try gil.recogniseExceptions(of: "os.path") })?.typeName == "TypeError")
            #expect(exception(from: { try gil.recogniseExceptions(of: "no_such_module_anywhere.Error") })?.typeName == "KeyError")
        }
    }
}
