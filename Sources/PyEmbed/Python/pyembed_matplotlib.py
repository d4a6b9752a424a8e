import io, sys, threading, types, weakref

def values(data):
    """The items of a line's x or y data as a list.

    Numeric arrays give plain ints and floats (the reference's tolist());
    datetime64/timedelta64 arrays give numpy scalars so their unit is kept;
    masked items give None; object arrays give their objects.
    """
    np = sys.modules.get("numpy")
    if np is not None and isinstance(data, np.ndarray):
        flat = data.ravel() if data.ndim else data.reshape(1)
        if flat.dtype.kind not in "Mm":
            return flat.tolist()
        mask = np.ma.getmaskarray(flat)
        return [None if hidden else item for item, hidden in zip(np.asarray(flat), mask)]
    if isinstance(data, (str, bytes)) or not hasattr(data, "__iter__"):
        return [data]
    return list(data)

def describe(fig):
    """(width, height, dpi, axes); each axes is
    (title, xlabel, ylabel, (left, right), (bottom, top), [(label, x, y), ...])."""
    width, height = (float(size) for size in fig.get_size_inches())
    axes = []
    for ax in fig.get_axes():
        lines = []
        for line in ax.get_lines():
            label = line.get_label()
            lines.append(("" if label is None else str(label), values(line.get_xdata()), values(line.get_ydata())))
        left, right = ax.get_xlim()
        bottom, top = ax.get_ylim()
        axes.append((str(ax.get_title()), str(ax.get_xlabel()), str(ax.get_ylabel()),
                     (float(left), float(right)), (float(bottom), float(top)), lines))
    return (width, height, float(fig.get_dpi()), axes)

rendered = weakref.WeakKeyDictionary()  # figure -> (size, dpi, PNG) of its last rendering
MAX_PIXELS = 64_000_000  # 8000 x 8000: a larger picture is refused before Agg allocates it

def render(fig):
    """The figure as PNG bytes, drawn by Agg at its own size and dpi.

    A figure on another canvas (plain Figure(), SVG, Cairo, ...) is drawn on a
    temporary Agg canvas; savefig puts the original canvas back. A 'tight'
    savefig.bbox setting is ignored so the picture keeps the figure's size.
    A figure drawn before and not changed since (matplotlib's `stale` flag)
    is not drawn again: a run's open figure that is also one of its results
    is rendered once.
    """
    width, height = fig.get_size_inches()
    pixels = float(width) * float(height) * float(fig.get_dpi()) ** 2
    if not pixels <= MAX_PIXELS:
        raise ValueError(f"the figure would be {width * fig.get_dpi():.0f} x {height * fig.get_dpi():.0f} pixels, "
                         f"more than the limit of {MAX_PIXELS}")
    key = (tuple(fig.get_size_inches()), fig.get_dpi())
    previous = rendered.get(fig)
    if previous is not None and previous[0] == key and not fig.stale:
        return previous[1]
    png = draw(fig)
    try:
        rendered[fig] = (key, png)
        fig.stale = False
    except TypeError:
        pass  # not weak-referenceable: no reuse
    return png

def draw(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    buffer = io.BytesIO()
    backend = None if isinstance(fig.canvas, FigureCanvasAgg) else "agg"
    # An empty bbox_inches (None would mean "take rcParams['savefig.bbox']") keeps the
    # figure's own box: a 'tight' setting is ignored without reading or changing the
    # process-wide rcParams, which code on another thread may be changing meanwhile.
    fig.savefig(buffer, format="png", dpi=fig.get_dpi(), backend=backend, bbox_inches="")
    return buffer.getvalue()

HOOK = "_pyembed_matplotlib:tag_new_figure"
taking = threading.Lock()

def run_token():
    """Identifies the run executing on this thread (its output buffers), or None outside runs."""
    buffers = _pyembed_capture.get()  # set in this namespace by _pyembed.load_helper
    return None if buffers is None else id(buffers)

numbering = threading.Lock()
numbered = weakref.WeakSet()  # managers given their number by the hook, not yet registered by pyplot

def keep_number_unique(fig):
    """pyplot numbers a new figure long before it registers it, so two threads opening
    figures at once can get one number, and its registry then keeps only one of the two.
    A number that an open figure, or one numbered and not yet registered, holds is replaced
    by the next free one (pyplot registers the figure under its manager's number)."""
    manager = getattr(fig.canvas, "manager", None)
    registry = getattr(sys.modules.get("matplotlib._pylab_helpers"), "Gcf", None)
    if manager is None or registry is None or not registration_guarded(registry):
        return
    with numbering:
        held = set(registry.figs) | {other.num for other in list(numbered)}
        if manager.num in held:
            manager.num = max(held) + 1
        numbered.add(manager)

def registration_guarded(registry):
    """Makes pyplot register new figures under `numbering`, so that a figure is always
    either numbered and waiting or in the registry; False if it cannot (another matplotlib)."""
    current = registry.__dict__.get("_set_new_active_manager")
    if isinstance(current, classmethod) and getattr(current.__func__, "_pyembed_guard", False):
        return True
    if not isinstance(current, classmethod):
        return False
    register = current.__func__
    def guarded(cls, manager):
        with numbering:
            numbered.discard(manager)
            return register(cls, manager)
    guarded._pyembed_guard = True
    registry._set_new_active_manager = classmethod(guarded)
    return True

def tag_new_figure(fig):
    """figure.hooks entry: marks a new pyplot figure with the run that created it, and
    keeps its number unique among concurrent runs."""
    try:
        keep_number_unique(fig)
        token = run_token()
        if token is not None:
            fig._pyembed_run = token
    except Exception:
        pass  # never break plt.figure()

hooks = types.ModuleType("_pyembed_matplotlib", "Hooks PyEmbed adds to matplotlib's rcParams['figure.hooks'].")
hooks.tag_new_figure = tag_new_figure
sys.modules[hooks.__name__] = hooks

def install_hook():
    import matplotlib
    try:
        installed = matplotlib.rcParams["figure.hooks"]
        if HOOK not in installed:
            matplotlib.rcParams["figure.hooks"] = [*installed, HOOK]
    except (KeyError, ValueError):
        pass  # matplotlib < 3.7: no hooks, every run takes every figure

def take_figures():
    """Closes and returns [(number, figure)], by figure number, for every open
    pyplot figure that this run created or that no run owns (made outside runs,
    by threads the code started, or before the hook was installed).
    Figures other runs created stay open for them."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    registry = getattr(sys.modules.get("matplotlib._pylab_helpers"), "Gcf", None)
    if pyplot is None or registry is None:
        return []
    install_hook()
    token = run_token()
    with taking:  # two runs never take (and draw) the same figure
        taken = []
        for number in sorted(registry.figs):
            figure = registry.figs[number].canvas.figure
            if getattr(figure, "_pyembed_run", None) in (None, token):
                taken.append((number, figure))
        for number, figure in taken:
            pyplot.close(figure)
            figure.__dict__.pop("_pyembed_run", None)
    return taken
