/// The Python side of the standard-library rules: taking datetimes, enums and
/// records apart, and building them again.
enum StandardHelpers {
    static let module = HelperModule(name: "pyembed-standard", utf8: PackageResources.pyembed_standard_py)
}
