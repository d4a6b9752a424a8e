/// A `pathlib.PurePosixPath` or `pathlib.PureWindowsPath`: a path as text, with
/// no file system behind it (a concrete `pathlib.Path` is ``PythonValue/path(_:)``).
public struct PythonPurePath: Sendable, Hashable {
    /// Whose rules the path follows.
    public enum Flavour: String, Sendable, Hashable {
        /// `PurePosixPath`: `/` separates parts.
        case posix
        /// `PureWindowsPath`: drives, `\` separates parts.
        case windows
    }

    /// `str(path)`: `/srv/data/run.h5`, `C:\data\run.h5`.
    public var text: String
    /// Its rules.
    public var flavour: Flavour
    /// The module of its type (`pathlib`).
    public var module: String

    /// Creates a pure path.
    public init(text: String, flavour: Flavour, module: String = "pathlib") {
        self.text = text
        self.flavour = flavour
        self.module = module
    }

    /// The class name: `PurePosixPath` or `PureWindowsPath`.
    public var typeName: String { flavour == .windows ? "PureWindowsPath" : "PurePosixPath" }

    /// Reads any `pathlib` path: a concrete `Path` becomes ``PythonValue/path(_:)``, a pure one this.
    static func readPath(_ object: BorrowedObject) throws(PythonConversionError) -> PythonValue {
        let gil = object.gil
        let parts = try StandardHelpers.module.call("path_parts", [object.owned()], gil)
        let (text, concrete, windows, module) = try parts.borrow(gil).decodeTuple(String.self, Bool.self, Bool.self, String.self)
        if concrete { return .path(text) }
        return .purePath(PythonPurePath(text: text, flavour: windows ? .windows : .posix, module: module))
    }
}

extension PythonPurePath: ConvertibleToPython {
    /// A `PurePosixPath` or `PureWindowsPath` of the text.
    public func pythonObject(_ gil: GIL) throws(PythonConversionError) -> PythonObject {
        try StandardHelpers.module.call("make_pure_path", [text, flavour == .windows], gil)
    }
}

extension PythonPurePath: CustomStringConvertible {
    /// `PurePosixPath('/srv/data')`, as Python's `repr`.
    public var description: String { "\(typeName)(\(PythonRepr.string(flavour == .windows ? String(text.map { $0 == "\\" ? "/" : $0 }) : text)))" }
}
