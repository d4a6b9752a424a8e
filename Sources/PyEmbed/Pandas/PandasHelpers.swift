/// The Python side of the pandas rules: taking frames, series and indexes
/// apart into numpy buffers and lists, and building them again.
///
/// Reading asks pandas for the arrays it already holds (`_values`, the data
/// and mask of nullable arrays, the UTC ticks of zoned datetimes, the codes of
/// categoricals), so numeric columns cost one `memcpy` in Swift; only object
/// and string columns come as lists, read item by item.
enum PandasHelpers {
    static let module = HelperModule(name: "pyembed-pandas", utf8: PackageResources.pyembed_pandas_py)
}
