import CPythonShim

/// Takes the figures pyplot still has open when a run ends, closed and
/// converted, so figures never leak from one run into the next.
///
/// A run takes every open figure it created, and every open figure no run
/// owns (made outside runs, by threads the code started, or by the first run
/// that imported pyplot, before the ownership hook existed). Figures created by
/// a run that is still going on another thread are left to that run, so
/// concurrent runs neither steal nor draw each other's figures. The same hook
/// gives a figure a number no other open or just-numbered figure holds (pyplot
/// alone gives two figures opened at once one number and keeps only one of them),
/// and makes pyplot register new figures under the lock it checks with. Ownership rides
/// on matplotlib's `rcParams["figure.hooks"]`; code that resets rcParams to
/// the defaults drops the hook until the next run ends, and its figures are
/// unowned meanwhile.
enum FigureCapture {
    /// What a run left open.
    struct Captured {
        /// The converted figures, by figure number.
        var figures: [Figure] = []
        /// The figures that could not be converted.
        var failures: [FigureCaptureFailure] = []
    }

    /// Whether `matplotlib.pyplot` has been imported. It is looked up in
    /// `sys.modules`, never imported, so runs that do not plot pay nothing.
    static func isPyplotLoaded() -> Bool {
        guard let modules = PyImport_GetModuleDict(),
              let pyplot = PyDict_GetItemString(modules, "matplotlib.pyplot") else { return false }
        return pyshim_is_none(pyplot) == 0
    }

    /// Closes the run's open figures, then converts them in number order.
    ///
    /// Call it while the run's output capture is still active: that identifies
    /// the run, and drawing warnings land in its `stderr`. Never throws: a
    /// figure that cannot be converted is reported in ``Captured/failures``.
    static func take(_ gil: GIL) -> Captured {
        guard isPyplotLoaded() else { return Captured() }
        var captured = Captured()
        do throws(PythonConversionError) {
            let taken = try MatplotlibHelpers.module.call("take_figures", [], gil)
            var reader = ValueReader(gil: gil, depthLimit: PythonValue.defaultDepthLimit)
            try taken.borrow(gil).forEachItem(expected: "list") { (_, item) throws(PythonConversionError) in
                let (number, figure) = try item.decodeTuple(Int.self, PythonObject.self)
                do throws(PythonConversionError) {
                    captured.figures.append(try Figure.read(figure.borrow(gil), &reader))
                } catch {
                    captured.failures.append(FigureCaptureFailure(figureNumber: number, error: error))
                }
            }
        } catch {
            captured.failures.append(FigureCaptureFailure(figureNumber: nil, error: error))
        }
        return captured
    }

    /// Closes the run's open figures without converting them (after a failed run).
    static func discard(_ gil: GIL) {
        guard isPyplotLoaded() else { return }
        _ = try? MatplotlibHelpers.module.call("take_figures", [], gil)
    }
}
