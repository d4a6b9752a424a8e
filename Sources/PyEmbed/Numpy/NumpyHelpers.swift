/// The Python side of the numpy rules: normalising an array so Swift can copy
/// its bytes, describing dtypes, and unpacking scalars.
enum NumpyHelpers {
    static let module = HelperModule(name: "pyembed-numpy", utf8: PackageResources.pyembed_numpy_py)
}
