import PyEmbed

let python = try PythonRuntime.start()
let idents = try await withThrowingTaskGroup(of: String.self) { group in
    for _ in 0..<20 {
        group.addTask {
            try await python.interpreter.run("import threading\nx = f'{threading.get_ident()} {threading.current_thread().name}'") { o, gil in try o.value("x", as: String.self, gil) }
        }
    }
    var all = Set<String>()
    for try await s in group { all.insert(s) }
    return all
}
print(idents)
