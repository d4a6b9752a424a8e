import PyEmbed

let python = try PythonRuntime.start()
let env = python.environment
print("Python \(env.version) from \(env.prefix) (\(env.source))")
let output = try await python.interpreter.run("""
import sys, threading
print("hello from", sys.version.split()[0], threading.current_thread().name)
x = [1, 2.5, "three", {"four": (4, None)}, 2**100, -2**64, {1, 2}, b"ab", 1+2j]
""")
print(output.stdout, terminator: "")
let value = try await python.interpreter.withGIL { gil in try PythonValue(python: output.variable("x", gil)!) }
print(value)
do {
    _ = try await python.interpreter.run("def f():\n    return 1/0\n\nf()")
} catch {
    print(error)
    if case let .exception(e) = error { print(e.traceback, e.line as Any) }
}
