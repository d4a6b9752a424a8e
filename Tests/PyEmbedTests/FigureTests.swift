@testable import PyEmbed
import Dispatch
import Synchronization
import Testing

/// pyplot keeps one process-wide figure registry (and rcParams), so these
/// tests do not overlap each other; other suites' runs may end at any time.
@Suite("matplotlib figures", .serialized)
struct FigureTests {
    init() throws {
        try importPyplotFirst()
    }

    @Test func linePlotMetadataMatchesMatplotlib() throws {
        let code = """
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
        ax.plot([0, 1, 2, 3], [0.5, 1.5, 1.0, 2.5], label="first")
        ax.plot([0, 1, 2, 3], [3, 2, 1, 0], label="second")
        ax.set_title("Signal")
        ax.set_xlabel("time (s)")
        ax.set_ylabel("volts")
        x = fig
        expected = (
            *map(float, fig.get_size_inches()), float(fig.get_dpi()),
            [(a.get_title(), a.get_xlabel(), a.get_ylabel(), *map(float, a.get_xlim()), *map(float, a.get_ylim()),
              [(l.get_label(), l.get_xdata().tolist(), l.get_ydata().tolist()) for l in a.get_lines()])
             for a in fig.get_axes()])
        """
        let (captured, variable, expected) = try python().withGIL { gil in
            let output = try gil.run(code)
            return (output.figures, try output.value("x", as: PythonValue.self, gil), try output.value("expected", as: PythonValue.self, gil))
        }
        guard case let .figure(figure) = variable else {
            Issue.record("expected a figure, got \(variable)")
            return
        }
        #expect(summary(figure) == expected)
        #expect(figure.axes.map(\.title) == ["Signal"])
        #expect(figure.axes.first?.lines.map(\.label) == ["first", "second"])
        #expect(figure.axes.first?.lines.first?.y == [.float(0.5), .float(1.5), .float(1.0), .float(2.5)])
        // The same figure, captured open at the end of the run and read again after it was closed.
        #expect(captured == [figure])
    }

    @Test func pngHasTheFigureSizeAndDPI() throws {
        let code = """
        import matplotlib.pyplot as plt
        fig = plt.figure(figsize=(3, 2), dpi=50)
        fig.add_subplot().plot([1, 2, 3], [2, 1, 3])
        x = fig
        width, height = fig.get_size_inches()
        pixels = [round(width * fig.get_dpi()), round(height * fig.get_dpi())]
        size = [float(width), float(height), float(fig.get_dpi())]
        """
        let (figure, pixels, size) = try python().withGIL { gil in
            let output = try gil.run(code)
            return (try output.value("x", as: PythonValue.self, gil), try output.value("pixels", as: [Int].self, gil),
                    try output.value("size", as: [Double].self, gil))
        }
        guard case let .figure(figure) = figure else {
            Issue.record("expected a figure")
            return
        }
        #expect(Array(figure.png.prefix(8)) == pngSignature)
        #expect(pngSize(figure.png).map { [$0.width, $0.height] } == pixels)
        #expect(pixels == [150, 100])
        #expect([figure.widthInches, figure.heightInches, figure.dpi] == size)
        #expect(figure.description == "Figure(3×2 in, 50 dpi, 1 axes, \(figure.png.count)-byte PNG)")
    }

    @Test func tightSavefigSettingsDoNotChangeThePicture() throws {
        let runtime = try python()
        defer { _ = try? runtime.withGIL { gil in try gil.run(restoreSavefigSettings) } }
        let (figures, pixels, seen) = try runtime.withGIL { gil in
            let output = try gil.run("""
            import matplotlib, matplotlib.pyplot as plt
            matplotlib.rcParams["savefig.bbox"] = "tight"
            matplotlib.rcParams["savefig.dpi"] = 200
            fig = plt.figure(figsize=(2, 1.5), dpi=40)
            fig.add_subplot().set_title("tight")
            pixels = [round(v * fig.get_dpi()) for v in fig.get_size_inches()]
            seen = []  # the process-wide setting while the capture draws (other threads see the same)
            fig.canvas.mpl_connect("draw_event", lambda event: seen.append(str(matplotlib.rcParams["savefig.bbox"])))
            """)
            return (output.figures, try output.value("pixels", as: [Int].self, gil), try output.value("seen", as: [String].self, gil))
        }
        #expect(figures.count == 1)
        #expect(figures.first.flatMap { pngSize($0.png) }.map { [$0.width, $0.height] } == pixels)
        // Drawn once, without changing rcParams meanwhile (code on other threads reads them).
        #expect(seen == ["tight"])
    }

    @Test func figuresOpenedAtOnceOnTwoThreadsAreAllKept() throws {
        let (figures, counts) = try python().withGIL { gil in
            let output = try gil.run("""
            import contextvars, sys, threading, matplotlib.pyplot as plt
            interval = sys.getswitchinterval()
            sys.setswitchinterval(0.0001)  # threads switch often, so the two overlap inside plt.figure
            barrier = threading.Barrier(2)
            opened = []
            def open_figures():
                for _ in range(40):
                    barrier.wait()
                    opened.append(plt.figure(figsize=(1, 1), dpi=10))
            try:
                # Each thread in a copy of the run's context: the figures are this run's, not unowned.
                threads = [threading.Thread(target=contextvars.copy_context().run, args=(open_figures,)) for _ in range(2)]
                for thread in threads: thread.start()
                for thread in threads: thread.join()
            finally:
                sys.setswitchinterval(interval)
            counts = [len(opened), len({figure.number for figure in opened})]
            """)
            return (output.figures, try output.value("counts", as: [Int].self, gil))
        }
        #expect(counts == [80, 80], "[opened, distinct numbers]")
        #expect(figures.count == 80)
    }

    @Test func figuresOnOtherCanvasesRenderWithAggAndKeepTheirCanvas() throws {
        // FigureCanvasPgf has its own print_png (through LaTeX); Agg must draw instead.
        let (figures, canvasesKept) = try python().withGIL { gil in
            let output = try gil.run("""
            from matplotlib.figure import Figure
            from matplotlib.backends.backend_pgf import FigureCanvasPgf
            from matplotlib.backends.backend_svg import FigureCanvasSVG
            plain = Figure(figsize=(2, 1), dpi=40)
            plain.add_subplot().plot([1, 2], [3, 4])
            svg = Figure(figsize=(1, 2), dpi=30)
            FigureCanvasSVG(svg)
            svg.add_subplot().set_title("svg")
            pgf = Figure(figsize=(1, 1), dpi=50)
            FigureCanvasPgf(pgf)
            pgf.add_subplot().set_title("pgf")
            """)
            var figures: [PythonValue] = []
            var inputs: [String: any ConvertibleToPython] = [:]
            for name in ["plain", "svg", "pgf"] {
                figures.append(try output.value(name, as: PythonValue.self, gil))
                inputs[name] = output.variable(name, gil)?.owned()
            }
            let check = try gil.run("""
            ok = [type(f.canvas).__name__ for f in (plain, svg, pgf)] == ["FigureCanvasBase", "FigureCanvasSVG", "FigureCanvasPgf"]
            """, inputs: inputs)
            return (figures, try check.value("ok", as: Bool.self, gil))
        }
        let sizes = figures.map { value -> [Int]? in
            guard case let .figure(figure) = value else { return nil }
            return pngSize(figure.png).map { [$0.width, $0.height] }
        }
        #expect(sizes == [[80, 40], [30, 60], [50, 50]])
        #expect(canvasesKept)
    }

    @Test func figureVariablesConvertToFigureValues() throws {
        let value = try evaluate("""
        import matplotlib.pyplot as plt
        from matplotlib.figure import Figure
        x = {"pyplot": plt.figure(), "standalone": Figure()}
        """)
        guard case let .dict(dictionary) = value else {
            Issue.record("expected a dict, got \(value)")
            return
        }
        for key in ["pyplot", "standalone"] {
            guard case let .figure(figure) = dictionary[key] else {
                Issue.record("\(key): expected a figure, got \(String(describing: dictionary[key]))")
                continue
            }
            #expect(Array(figure.png.prefix(8)) == pngSignature)
        }
    }

    @Test func openFiguresAreCapturedInNumberOrderAndClosed() throws {
        let runtime = try python()
        let (figures, numbers, failures) = try runtime.withGIL { gil in
            let output = try gil.run("""
            import matplotlib.pyplot as plt
            plt.figure(num=3, figsize=(1, 1), dpi=20).add_subplot().set_title("three")
            plt.figure(num=1, figsize=(1, 1), dpi=20).add_subplot().set_title("one")
            plt.figure(num=2, figsize=(1, 1), dpi=20)
            numbers = plt.get_fignums()
            """)
            return (output.figures, try output.value("numbers", as: [Int].self, gil), output.figureFailures)
        }
        #expect(numbers == [1, 2, 3])
        #expect(figures.map { $0.axes.map(\.title) } == [["one"], [], ["three"]])
        #expect(figures.allSatisfy { Array($0.png.prefix(8)) == pngSignature })
        #expect(failures.isEmpty)
        let (left, nextFigures) = try runtime.withGIL { gil in
            let output = try gil.run("import matplotlib.pyplot as plt\nleft = plt.get_fignums()")
            return (try output.value("left", as: [Int].self, gil), output.figures)
        }
        #expect(left == [])
        #expect(nextFigures.isEmpty)
    }

    @Test func concurrentRunsTakeOnlyTheirOwnFigures() throws {
        let runtime = try python()
        _ = try runtime.withGIL { gil in
            try gil.run("""
            import sys, threading, types
            sys.modules["_figure_tests"] = types.SimpleNamespace(created=threading.Event(), finish=threading.Event())
            """)
        }
        let first = RunResultBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            first.set(Result { try runtime.withGIL { gil in
                try gil.run("""
                import sys, matplotlib.pyplot as plt
                plt.figure(num=41, figsize=(1, 1), dpi=20).add_subplot().set_title("first")
                sys.modules["_figure_tests"].created.set()
                sys.modules["_figure_tests"].finish.wait(10)
                """).figures
            } })
            done.signal()
        }
        let second = try runtime.withGIL { gil in
            try gil.run("""
            import sys, matplotlib.pyplot as plt
            assert sys.modules["_figure_tests"].created.wait(10)
            plt.figure(num=42, figsize=(1, 1), dpi=20).add_subplot().set_title("second")
            """).figures
        }
        _ = try runtime.withGIL { gil in try gil.run("import sys\nsys.modules['_figure_tests'].finish.set()\ndel sys.modules['_figure_tests']") }
        done.wait()
        let firstFigures = try first.get()
        // The second run ended while the first one's figure was open, and left it alone.
        #expect(second.map { $0.axes.map(\.title) } == [["second"]])
        #expect(firstFigures.map { $0.axes.map(\.title) } == [["first"]])
        #expect(try evaluate("import matplotlib.pyplot as plt\nx = plt.get_fignums()") == .list([]))
    }

    @Test func failedAndInterruptedRunsLeaveNoOpenFigures() throws {
        let runtime = try python()
        let failure = try raised("""
        import matplotlib.pyplot as plt
        plt.figure()
        plt.figure()
        raise ValueError("boom")
        """)
        #expect(failure?.typeName == "ValueError")
        #expect(try evaluate("import matplotlib.pyplot as plt\nx = plt.get_fignums()") == .list([]))
        do {
            _ = try runtime.withGIL { gil in
                try gil.run("import matplotlib.pyplot as plt\nplt.figure()\nwhile True: pass", options: RunOptions(timeout: .milliseconds(100)))
            }
            Issue.record("expected an interrupt")
        } catch PyEmbedError.interrupted {}
        #expect(try evaluate("import matplotlib.pyplot as plt\nx = plt.get_fignums()") == .list([]))
    }

    @Test func aFigureThatCannotBeDrawnIsReportedWithoutLosingTheRun() throws {
        let runtime = try python()
        let (output, expectedError, variableError) = try runtime.withGIL { gil in
            let output = try gil.run(#"""
            import matplotlib.pyplot as plt
            good = plt.figure(num=1, figsize=(1, 1), dpi=20)
            bad = plt.figure(num=2, figsize=(1, 1), dpi=20)
            bad.add_subplot().set_title(r"$\notacommand$")
            try:
                bad.canvas.draw()
            except Exception as error:
                kind = type(error)
                expected = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
            print("ran")
            """#)
            var variableError: PyEmbedError?
            do throws(PyEmbedError) { _ = try output.value("bad", as: PythonValue.self, gil) } catch { variableError = error }
            return (output, try output.value("expected", as: String.self, gil), variableError)
        }
        #expect(output.stdout == "ran\n")
        #expect(output.figures.count == 1)
        #expect(output.figureFailures.map(\.figureNumber) == [2])
        guard case let .python(exception, path) = output.figureFailures.first?.error else {
            Issue.record("expected a Python error, got \(output.figureFailures)")
            return
        }
        #expect(exception.typeName == expectedError)
        #expect(path == ".png")
        guard case let .conversion(.python(_, variablePath)) = variableError else {
            Issue.record("expected a conversion error, got \(String(describing: variableError))")
            return
        }
        #expect(variablePath == "bad.png")
        #expect(try evaluate("import matplotlib.pyplot as plt\nx = plt.get_fignums()") == .list([]))
    }

    @Test func subplotsKeepAxesOrder() throws {
        let (figure, titles) = try python().withGIL { gil in
            let output = try gil.run("""
            import matplotlib.pyplot as plt
            fig, grid = plt.subplots(2, 2, figsize=(4, 4), dpi=30)
            for row in range(2):
                for column in range(2):
                    grid[row][column].set_title(f"r{row}c{column}")
            grid[1][0].plot([1, 2], [3, 4], label="only")
            x = fig
            titles = [a.get_title() for a in fig.get_axes()]
            """)
            return (try output.value("x", as: PythonValue.self, gil), try output.value("titles", as: [String].self, gil))
        }
        guard case let .figure(figure) = figure else {
            Issue.record("expected a figure")
            return
        }
        #expect(figure.axes.map(\.title) == titles)
        #expect(titles == ["r0c0", "r0c1", "r1c0", "r1c1"])
        #expect(figure.axes.map(\.lines.count) == [0, 0, 1, 0])
    }

    @Test func emptyFigureHasNoAxes() throws {
        let value = try evaluate("import matplotlib.pyplot as plt\nx = plt.figure(figsize=(2, 1), dpi=40)")
        guard case let .figure(figure) = value else {
            Issue.record("expected a figure")
            return
        }
        #expect(figure.axes.isEmpty)
        #expect(pngSize(figure.png).map { [$0.width, $0.height] } == [80, 40])
    }

    @Test func numpyArraysAndListsBecomePlainValues() throws {
        let (figure, expected) = try python().withGIL { gil in
            let output = try gil.run("""
            import matplotlib.pyplot as plt, numpy as np
            fig, ax = plt.subplots()
            ax.plot(np.array([1.5, 2.5]), np.array([3, 4], dtype=np.int32), label="numpy")
            ax.plot([1, 2], [0.25, 0.5], label="list")
            ax.plot(np.ma.masked_array([1.0, 2.0, 3.0], mask=[False, True, False]), label="masked")
            x = fig
            expected = [(l.get_xdata().tolist(), l.get_ydata().tolist()) for l in ax.get_lines()]
            """)
            return (try output.value("x", as: PythonValue.self, gil), try output.value("expected", as: PythonValue.self, gil))
        }
        guard case let .figure(figure) = figure else {
            Issue.record("expected a figure")
            return
        }
        let lines = figure.axes.first?.lines ?? []
        #expect(PythonValue.list(lines.map { .tuple([.list($0.x), .list($0.y)]) }) == expected)
        #expect(lines.first?.y == [.int(3), .int(4)])
        #expect(lines.last?.y == [.float(1), .none, .float(3)])
    }

    @Test func logAxesAndDatetimeDataConvert() throws {
        let (figure, expected) = try python().withGIL { gil in
            let output = try gil.run("""
            import datetime, matplotlib.pyplot as plt, numpy as np
            fig, (log_axes, time_axes) = plt.subplots(2)
            log_axes.plot([1, 10, 100], [0, 100, 10000])
            log_axes.set_yscale("log")
            time_axes.plot([datetime.datetime(2024, 1, day) for day in (1, 2, 3)], [1, 2, 3])
            time_axes.plot(np.array(["2024-01-01", "2024-01-02"], dtype="datetime64[ns]"), [4, 5])
            x = fig
            expected = ([float(v) for v in log_axes.get_ylim()], [float(v) for v in time_axes.get_xlim()],
                        int(np.datetime64("2024-01-02", "ns").view(np.int64)))
            """)
            return (try output.value("x", as: PythonValue.self, gil), try output.value("expected", as: PythonValue.self, gil))
        }
        guard case let .figure(figure) = figure, figure.axes.count == 2 else {
            Issue.record("expected a figure with two axes")
            return
        }
        let (log, time) = (figure.axes[0], figure.axes[1])
        #expect(PythonValue.tuple([
            .list([.float(log.yLimits.lower), .float(log.yLimits.upper)]),
            .list([.float(time.xLimits.lower), .float(time.xLimits.upper)]),
            .int(PythonInteger(Int(ticks(time.lines.last?.x.last) ?? -1))),
        ]) == expected)
        let firstDay = PythonDateTime(date: PythonDate(year: 2024, month: 1, day: 1), time: PythonTime(hour: 0, minute: 0, second: 0))
        #expect(time.lines.first?.x.first == .datetime(firstDay))
        #expect(time.lines.last.map { line in line.x.allSatisfy { if case .numpyTime(let t) = $0 { t.unit == "ns" } else { false } } } == true)
        #expect(Array(figure.png.prefix(8)) == pngSignature)
    }

    @Test func figuresCannotGoBackToPython() throws {
        let figure = Figure(png: [], widthInches: 1, heightInches: 1, dpi: 72, axes: [])
        #expect(throws: PythonConversionError.self) { try python().withGIL { gil in try figure.pythonObject(gil) } }
        #expect(throws: PyEmbedError.self) { try pythonAgrees(PythonValue.figure(figure), "ok = True") }
    }

    @Test func descriptions() {
        let line = FigureLine(label: "sin", x: [.int(1), .int(2)], y: [.float(0), .float(1)])
        let axes = FigureAxes(
            title: "Signal", xLabel: "t", yLabel: "V",
            xLimits: AxisLimits(lower: 0, upper: 10), yLimits: AxisLimits(lower: -1.5, upper: 1), lines: [line])
        let figure = Figure(png: [1, 2, 3], widthInches: 6.4, heightInches: 4.8, dpi: 100, axes: [axes])
        #expect(figure.description == "Figure(6.4×4.8 in, 100 dpi, 1 axes, 3-byte PNG)")
        #expect(axes.description == #"FigureAxes("Signal", x "t" 0…10, y "V" -1.5…1, 1 line)"#)
        #expect(line.description == #"FigureLine("sin", 2 points)"#)
    }
}

/// Puts back the savefig settings a test changed (rcParams are process-wide).
private let restoreSavefigSettings = """
import matplotlib
matplotlib.rcParams.update({key: matplotlib.rcParamsOrig[key] for key in ("savefig.bbox", "savefig.dpi")})
"""

/// The first eight bytes of every PNG file.
private let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

/// Width and height from a PNG's IHDR chunk (always the first chunk).
private func pngSize(_ png: [UInt8]) -> (width: Int, height: Int)? {
    guard png.count >= 24, Array(png[12..<16]) == Array("IHDR".utf8) else { return nil }
    func bigEndian(_ start: Int) -> Int { png[start..<start + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (bigEndian(16), bigEndian(20))
}

/// A figure's metadata in the shape the tests' Python `expected` tuples use.
private func summary(_ figure: Figure) -> PythonValue {
    .tuple([
        .float(figure.widthInches), .float(figure.heightInches), .float(figure.dpi),
        .list(figure.axes.map { axes in
            .tuple([
                .string(axes.title), .string(axes.xLabel), .string(axes.yLabel),
                .float(axes.xLimits.lower), .float(axes.xLimits.upper), .float(axes.yLimits.lower), .float(axes.yLimits.upper),
                .list(axes.lines.map { .tuple([.string($0.label), .list($0.x), .list($0.y)]) }),
            ])
        }),
    ])
}

/// The ticks of a `datetime64` value.
private func ticks(_ value: PythonValue?) -> Int64? {
    guard case let .numpyTime(time)? = value else { return nil }
    return time.ticks
}

/// Hands a background run's result to the test thread.
private final class RunResultBox: Sendable {
    private let result = Mutex<Result<[Figure], any Error>?>(nil)

    func set(_ value: Result<[Figure], any Error>) {
        result.withLock { $0 = value }
    }

    func get() throws -> [Figure] {
        guard let value = result.withLock({ $0 }) else { throw PyEmbedError.invalidArgument("no result") }
        return try value.get()
    }
}
