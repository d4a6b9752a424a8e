@testable import PyEmbed
import Testing

extension FigureTests {
    /// A figure that is both left open and returned is drawn once; a changed one is drawn again.
    ///
    /// Nested in ``FigureTests``, whose `.serialized` covers it: both change pyplot's
    /// process-wide state (rcParams, open figures) and count what is drawn.
    @Suite("matplotlib figures: one rendering per state")
    struct RenderReuse {
        init() throws {
            try importPyplotFirst()
        }

        /// Creates a figure (open in pyplot) that counts Agg draws, and returns it as `fig` with the counter `draws`.
        static let counting = """
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots()
        ax.plot([1, 2, 3])
        draws = []
        fig.canvas.mpl_connect('draw_event', lambda event: draws.append(1))
        """

        @Test func anOpenFigureThatIsAlsoAResultIsDrawnOnce() throws {
            let python = try python()
            let draws = try python.withGIL { gil -> Int in
                let output = try gil.run(Self.counting)
                #expect(output.figures.count == 1)  // captured (drawn) when the run ended
                guard case .figure = try output.value("fig", as: PythonValue.self, gil) else {
                    Issue.record("fig did not convert to a figure"); return -1
                }
                return try output.value("draws", as: [Int].self, gil).count
            }
            #expect(draws == 1)
        }

        @Test func aFigureOverThePixelLimitIsRefusedBeforeDrawing() throws {
            let python = try python()
            let (failures, draws) = try python.withGIL { gil -> ([FigureCaptureFailure], Int) in
                let output = try gil.run(Self.counting + "\nfig.set_size_inches(1000, 1000)\nfig.set_dpi(100)")
                return (output.figureFailures, try output.value("draws", as: [Int].self, gil).count)
            }
            #expect(draws == 0)
            #expect(failures.count == 1)
            #expect(failures.first?.description.contains("more than the limit") == true, "\(failures)")
        }

        @Test func aFigureChangedAfterItWasDrawnIsDrawnAgain() throws {
            let python = try python()
            let (draws, titles) = try python.withGIL { gil -> (Int, [String]) in
                let output = try gil.run(Self.counting + "\nplt.close(fig)")
                func title() throws -> String {
                    guard case let .figure(figure) = try output.value("fig", as: PythonValue.self, gil) else { return "not a figure" }
                    return figure.axes.first?.title ?? "no axes"
                }
                let before = try title()
                _ = try gil.run("fig.axes[0].set_title('changed')", inputs: ["fig": try output.value("fig", as: PythonObject.self, gil)])
                let after = try title()
                return (try output.value("draws", as: [Int].self, gil).count, [before, after])
            }
            #expect(titles == ["", "changed"])
            #expect(draws == 2)
        }
    }
}
