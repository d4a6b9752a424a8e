/// The Python side of the matplotlib rules: rendering a figure to PNG,
/// describing its axes and lines, and taking the figures a run left open.
///
/// Nothing here imports matplotlib before user code has: the functions run
/// only for a figure that exists or when `matplotlib.pyplot` is already loaded.
///
/// Loading this module registers `_pyembed_matplotlib` in `sys.modules`; the
/// first figure capture adds its `tag_new_figure` to
/// `rcParams["figure.hooks"]`, so each new pyplot figure remembers which run
/// (which `_pyembed.capture` buffers) created it. That hooks module is the one
/// piece of PyEmbed reachable by name (matplotlib looks hooks up by name): its
/// function's code is sealed with this namespace, but code that rebinds the
/// module's attribute only changes which run later figures are credited to.
enum MatplotlibHelpers {
    static let module = HelperModule(name: "pyembed-matplotlib", utf8: PackageResources.pyembed_matplotlib_py)
}
