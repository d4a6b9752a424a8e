import PyEmbed

let python = try PythonRuntime.start()
try python.withGIL { gil in
    let out = try gil.run("import decimal\nx = decimal.Decimal('1.1')\nimport _pyembed\ny = _pyembed.classify(type(x))")
    print(try out.value("y", as: String.self, gil))
    do { print(try out.value("x", as: PythonValue.self, gil)) } catch { print("error", error) }
}
