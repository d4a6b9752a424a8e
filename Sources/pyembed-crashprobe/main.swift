// Runs one scenario of Python code that used to crash the host (an unbounded
// recursion, a C stack overflow) and prints how it ended. Tests run it as a child
// process, so a regression ends this process rather than the test runner.
//
//     pyembed-crashprobe SCENARIO
//
// Prints `error: …` or `value: …` and exits 0 when the run ended with an answer.
import Foundation
import PyEmbed

/// A million-level nested list with a recursion limit that no longer guards the C stack.
let deepList = "import sys\nsys.setrecursionlimit(10**6)\ndeep = []\nfor _ in range(1_000_000):\n    deep = [deep]\n"

let scenarios: [String: String] = [
    "walk-tb-none": "import traceback\ntraceback.walk_tb = None\n1 / 0",
    "format-exception-none": "import traceback\ntraceback.format_exception = None\ntraceback.TracebackException = None\n1 / 0",
    "deep-exception": deepList + "raise ValueError(deep)",
    "deep-repr": deepList + "class Box:\n    def __repr__(self):\n        return repr(deep)\nx = Box()",
    "deep-repr-after-raise": deepList + """
    class Raiser:
        def __repr__(self):
            sys.setrecursionlimit(10**6)
            return "raised"
    class Box:
        def __repr__(self):
            return repr(deep)
    x = [Raiser(), Box()]
    """,
]

let arguments = CommandLine.arguments.dropFirst()
guard let name = arguments.first, let code = scenarios[name] else {
    print("usage: pyembed-crashprobe \(scenarios.keys.sorted().joined(separator: "|"))")
    exit(2)
}
do {
    let python = try PythonRuntime.start()
    let value = try await python.interpreter.run(code) { (output, gil) throws(PyEmbedError) -> String in
        guard let x = output.variable("x", gil) else { return "none" }
        do throws(PythonConversionError) { return try PythonValue(python: x).description } catch { throw .conversion(error) }
    }
    print("value: \(value)")
} catch {
    print("error: \(error)")
}
