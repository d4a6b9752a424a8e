import Foundation
import PyEmbed
import Testing

@testable import PythonExecutor

#if canImport(Glibc)
import Glibc
#endif

@Suite("Files and notebooks")
struct FilesAndNotebooksTests {
    // MARK: - Layout

    @Test("the execution folder follows the reference's layout")
    func folderLayout() throws {
        try withTemporaryFolder { root in
            let configuration = FileLayoutConfiguration(agentDataDirectory: root)
            let date = try #require(localDate(2025, 3, 7, 9, 5, 4))
            let files = try ExecutionFiles.create(name: "beam_scan", configuration: configuration, now: date)
            let context = files.context

            let resolvedRoot = try #require(realpathString(root))
            #expect(context.folderPath.hasPrefix(resolvedRoot + "/executed_scripts/2025-03/execution_20250307_090504_beam_scan_"))
            let folderName = URL(fileURLWithPath: context.folderPath).lastPathComponent
            #expect(folderName.wholeMatch(of: /execution_\d{8}_\d{6}_beam_scan_[0-9a-f]{8}/) != nil)
            #expect(context.attemptsFolder == context.folderPath + "/attempts")
            #expect(isDirectory(context.attemptsFolder))
            #expect(context.folderURL == URL(fileURLWithPath: context.folderPath, isDirectory: false).absoluteString)
            #expect(context.folderURL.hasPrefix("file:///"))
            #expect(context.nextAttemptNumber == 1)
            #expect(context.contextFilePath == nil)

            // Two executions in the same second get different folders.
            let second = try ExecutionFiles.create(name: "beam_scan", configuration: configuration, now: date)
            #expect(second.folderPath != files.folderPath)
        }
    }

    @Test("a folder name cannot nest folders or leave executed_scripts")
    func folderNameIsSanitized() throws {
        try withTemporaryFolder { root in
            let files = try ExecutionFiles.create(
                name: "../../etc/my scan", configuration: FileLayoutConfiguration(agentDataDirectory: root))
            let folder = URL(fileURLWithPath: files.folderPath)
            #expect(folder.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent == "executed_scripts")
            #expect(folder.lastPathComponent.contains("_.._etc_my_scan_"))
            #expect(!folder.lastPathComponent.contains("/"))
            #expect(ExecutionFiles.folderNameComponent("") == "python_executor")
        }
    }

    @Test("links point at Jupyter when a port is configured, else are file:// URIs")
    func links() throws {
        try withTemporaryFolder { root in
            let date = try #require(localDate(2024, 11, 30, 23, 59, 58))
            var jupyter = try ExecutionFiles.create(
                name: "links", configuration: FileLayoutConfiguration(agentDataDirectory: root, jupyterPort: 8088), now: date)
            let folderName = URL(fileURLWithPath: jupyter.folderPath).lastPathComponent
            #expect(jupyter.context.folderURL == "http://localhost:8088/lab/tree/executed_scripts/2024-11/\(folderName)")
            let attempt = try jupyter.writeAttemptNotebook(stage: .syntaxError, code: "x = (", error: nil, extra: nil)
            let notebookName = URL(fileURLWithPath: attempt.notebookPath).lastPathComponent
            #expect(attempt.notebookLink == "http://localhost:8088/lab/tree/executed_scripts/2024-11/\(folderName)/attempts/\(notebookName)")
            #expect(jupyter.link(for: "notebook.ipynb") == "http://localhost:8088/lab/tree/executed_scripts/2024-11/\(folderName)/notebook.ipynb")
            // Outside executed_scripts there is nothing Jupyter could serve.
            #expect(jupyter.link(for: "/var/log/syslog") == "file:///var/log/syslog")

            let plain = try ExecutionFiles.create(
                name: "links", configuration: FileLayoutConfiguration(agentDataDirectory: root), now: date)
            #expect(plain.link(for: "notebook.ipynb") == "file://" + plain.folderPath + "/notebook.ipynb")
            #expect(plain.context.folderURL == "file://" + plain.folderPath)
        }
    }

    // MARK: - Attempt notebooks

    @Test("attempt notebooks are numbered, named by stage and time, valid, and keep the code exactly")
    func attemptNotebooks() async throws {
        try await withTemporaryFolderAsync { root in
            var files = try ExecutionFiles.create(name: "attempts", configuration: FileLayoutConfiguration(agentDataDirectory: root))
            try files.writeContext(.dict(PythonDictionary([.init(key: .string("pv"), value: .string("SR:CURRENT"))])))
            let code = "def f(x):\n    return 1 / x\n\ntext = \"\"\"\n  kept\n\tas is\"\"\"\nresults = {'v': f(0)}"
            let error = ExecutionError(
                errorType: .execution, errorMessage: "ZeroDivisionError: division by zero", failedCode: code,
                traceback: "Traceback (most recent call last):\n  File \"generated_code.py\", line 2, in f\nZeroDivisionError: division by zero",
                attemptNumber: 1, stage: "execution")
            let first = try files.writeAttemptNotebook(stage: .executionFailed, code: code, error: error, extra: nil)
            let second = try files.writeAttemptNotebook(
                stage: .awaitingApproval, code: code, error: nil, extra: "## Approval\n\nWrites to `SR:CURRENT`.")

            let firstName = URL(fileURLWithPath: first.notebookPath).lastPathComponent
            #expect(firstName.wholeMatch(of: /01_execution_failed_\d{6}\.ipynb/) != nil)
            #expect(URL(fileURLWithPath: second.notebookPath).lastPathComponent.wholeMatch(of: /02_awaiting_approval_\d{6}\.ipynb/) != nil)
            #expect(first.notebookPath == files.context.attemptsFolder + "/" + firstName)
            #expect(first.attemptNumber == 1 && second.attemptNumber == 2)
            #expect(first.notebookType == .executionAttempt && second.notebookType == .preExecution)
            #expect(first.stage == "execution_failed")
            #expect(first.errorContext?.contains("ZeroDivisionError: division by zero") == true)
            #expect(files.context.notebookAttempts == [first, second])
            #expect(files.context.nextAttemptNumber == 3)

            for attempt in [first, second] {
                try expectValidNotebook(attempt.notebookPath)
                let cells = try notebookCells(attempt.notebookPath)
                #expect(cells.count == 3)
                #expect(cells.last?.type == "code" && cells.last?.source == code)
                #expect(cells[1].source.contains("open(\"../context.json\""))
            }
            let firstHeader = try notebookCells(first.notebookPath)[0].source
            #expect(firstHeader.contains("# Python Executor - Attempt #1"))
            #expect(firstHeader.contains("**Stage:** execution_failed"))
            #expect(firstHeader.contains("## Error Context"))
            #expect(firstHeader.contains("line 2, in f"))
            #expect(try notebookCells(second.notebookPath)[0].source.contains("Writes to `SR:CURRENT`."))

            // The attempt notebook's context cell works from the attempts folder
            // (in a subprocess: changing this process's folder would disturb other tests).
            let contextCell = try notebookCells(first.notebookPath)[1].source
            let loaded = try await runProcess(
                venvExecutable("python"), ["-c", contextCell + "\nprint(context == {'pv': 'SR:CURRENT'})"],
                directory: files.context.attemptsFolder)
            #expect(loaded.stdout == "True\n", "\(loaded.stderr)")
        }
    }

    @Test("a context re-opened from its JSON form keeps numbering attempts")
    func contextRoundTripAndResume() throws {
        try withTemporaryFolder { root in
            let configuration = FileLayoutConfiguration(agentDataDirectory: root, jupyterPort: 9999)
            var files = try ExecutionFiles.create(name: "resume", configuration: configuration)
            try files.writeContext(nil)
            try files.writeAttemptNotebook(stage: .staticAnalysisFailed, code: "import os\nos.system('ls')", error: nil, extra: nil)
            try files.writeAttemptNotebook(stage: .awaitingApproval, code: "results = {}", error: nil, extra: nil)

            let encoded = try JSONEncoder().encode(files.context)
            let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
            #expect(Set(object.keys) == ["folder_path", "folder_url", "attempts_folder", "context_file_path", "notebook_attempts"])
            let attempts = try #require(object["notebook_attempts"] as? [[String: Any]])
            #expect(attempts.first?["notebook_type"] as? String == "code_generation_attempt")
            #expect(attempts.first?["stage"] as? String == "static_analysis_failed")
            #expect((attempts.first?["created_at"] as? String)?.contains("T") == true)

            let decoded = try JSONDecoder().decode(PythonExecutionContext.self, from: encoded)
            #expect(decoded.folderPath == files.context.folderPath)
            #expect(decoded.contextFilePath == files.folderPath + "/context.json")
            #expect(decoded.notebookAttempts.map(\.notebookPath) == files.context.notebookAttempts.map(\.notebookPath))

            var resumed = ExecutionFiles(existing: decoded, configuration: configuration)
            let third = try resumed.writeAttemptNotebook(stage: .executionFailed, code: "results = 1 / 0", error: nil, extra: nil)
            #expect(URL(fileURLWithPath: third.notebookPath).lastPathComponent.hasPrefix("03_execution_failed_"))
            #expect(third.notebookLink.hasPrefix("http://localhost:9999/lab/tree/executed_scripts/"))
        }
    }

    // MARK: - JSON files

    @Test("context.json is strict JSON and loads back as the same data")
    func contextJSON() throws {
        try withTemporaryFolder { root in
            let files = try ExecutionFiles.create(name: "context", configuration: FileLayoutConfiguration(agentDataDirectory: root))
            let data = try evaluate(
                "x = {'channels': ['SR:C01', 'SR:C02'], 'limits': {'min': -1.5, 'max': 2}, 'enabled': True, 'note': None, 'name': 'Ü ✓'}")
            let path = try files.writeContext(data)
            #expect(path == files.folderPath + "/context.json")
            #expect(files.context.contextFilePath == path)
            let same = try runPython(
                "import json\nwith open(path) as f:\n    loaded = json.load(f)\n"
                    + "ok = loaded == {'channels': ['SR:C01', 'SR:C02'], 'limits': {'min': -1.5, 'max': 2}, 'enabled': True, 'note': None, 'name': 'Ü ✓'}",
                inputs: ["path": path])
            #expect(same)

            // No context data gives an empty object.
            try files.writeContext(nil)
            #expect(try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == "{}")
        }
    }

    @Test("results.json is strict JSON: NaN and infinities become null")
    func strictResults() throws {
        try withTemporaryFolder { root in
            let files = try ExecutionFiles.create(name: "results", configuration: FileLayoutConfiguration(agentDataDirectory: root))
            let results = try evaluate(
                "import numpy as np\nx = {'nan': float('nan'), 'inf': float('inf'), 'arr': np.array([1.0, np.nan, 3.0]), 'n': 2**70}")
            let path = try files.writeResults(results)
            #expect(path == files.folderPath + "/results.json")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(!text.contains("NaN") && !text.contains("Infinity"))
            let strict = try runPython(
                "import json\ndef refuse(name):\n    raise ValueError(name)\n"
                    + "with open(path) as f:\n    loaded = json.load(f, parse_constant=refuse)\n"
                    + "ok = loaded == {'nan': None, 'inf': None, 'arr': [1.0, None, 3.0], 'n': 2**70}",
                inputs: ["path": path])
            #expect(strict)
            #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) is [String: Any])
        }
    }

    @Test("execution_metadata.json has the reference's keys and reads back")
    func metadata() throws {
        try withTemporaryFolder { root in
            let files = try ExecutionFiles.create(name: "metadata", configuration: FileLayoutConfiguration(agentDataDirectory: root))
            let start = Date(timeIntervalSince1970: 1_700_000_000.25)
            let metadata = ExecutionMetadata(
                startTime: start, endTime: start.addingTimeInterval(1.5), success: false,
                error: "division by zero", traceback: "Traceback ...", stdout: "hello\n", stderr: "",
                errorType: "ZeroDivisionError", resultsSaved: false, resultsMissing: true,
                figuresSaved: [files.folderPath + "/figures/figure_01.png"], executionTimeSeconds: .nan)
            let path = try files.writeMetadata(metadata)
            #expect(path == files.folderPath + "/execution_metadata.json")
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let referenceKeys: Set<String> = [
                "start_time", "end_time", "success", "error", "traceback", "stdout", "stderr", "error_type",
                "results_saved", "figures_saved", "figure_count", "execution_mode",
            ]
            #expect(referenceKeys.isSubset(of: Set(object.keys)))
            #expect(object["results_missing"] as? Bool == true)
            #expect(object["figure_count"] as? Int == 1)
            #expect(object["execution_time_seconds"] is NSNull)
            #expect(object["results_save_error"] is NSNull)
            let decoded = try JSONDecoder().decode(ExecutionMetadata.self, from: data)
            #expect(decoded.error == "division by zero" && decoded.errorType == "ZeroDivisionError")
            #expect(abs(decoded.startTime.timeIntervalSince(start)) < 0.001)
            #expect(decoded.figuresSaved == metadata.figuresSaved)
        }
    }

    @Test("figures are saved as figures/figure_NN.png, numbered from 01")
    func figures() throws {
        try withTemporaryFolder { root in
            let files = try ExecutionFiles.create(name: "figures", configuration: FileLayoutConfiguration(agentDataDirectory: root))
            let png = try pngOfPlot()
            let first = try files.saveFigure(png: png, index: 1)
            let tenth = try files.saveFigure(png: png, index: 10)
            #expect(first == files.folderPath + "/figures/figure_01.png")
            #expect(tenth == files.folderPath + "/figures/figure_10.png")
            #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(png))
            #expect(throws: ExecutionFilesError.self) { try files.saveFigure(png: [1, 2, 3], index: 1) }
            #expect(throws: ExecutionFilesError.self) { try files.saveFigure(png: png, index: 0) }
        }
    }

    // MARK: - Final notebook

    @Test("the final notebook is valid and re-runs in a real Jupyter kernel with the same results")
    func finalNotebookExecutes() async throws {
        try await withTemporaryFolderAsync { root in
            let files = try ExecutionFiles.create(name: "final", configuration: FileLayoutConfiguration(agentDataDirectory: root))
            let contextData = try evaluate("x = {'values': [1.0, 2.0, 4.0, 8.0], 'label': 'beam current'}")
            let code = """
                import numpy as np
                import matplotlib.pyplot as plt

                values = np.array(context["values"])
                note = \"\"\"first line
                    indented line
                last\"\"\"
                fig, ax = plt.subplots()
                ax.plot(values)
                results = {
                    "label": context["label"].upper(),
                    "mean": float(np.mean(values)),
                    "squares": [float(v) for v in np.square(values)],
                    "note_lines": note.splitlines(),
                }
                """
            // Run the code in-process, as the executor does, and save what it produced.
            let runtime = try PythonRuntime.start()
            // Figures made by the run that first imports pyplot have no owner yet
            // (PyEmbed's figure capture); import it in a run of its own first.
            _ = try runtime.withGIL { gil throws(PyEmbedError) in try gil.run("import matplotlib.pyplot") }
            let (results, pngs, failures) = try runtime.withGIL { gil throws(PyEmbedError) in
                let output = try gil.run(code, inputs: ["context": contextData])
                return (try output.value("results", as: PythonValue.self, gil), output.figures.map(\.png), output.figureFailures)
            }
            #expect(failures.isEmpty, "\(failures)")
            let request = PythonExecutionRequest(
                userQuery: "What is the mean beam current?", taskObjective: "Average the beam current samples",
                capabilityContextData: contextData)
            try files.writeContext(request.capabilityContextData)
            try files.writeResults(results)
            let figurePaths = try pngs.enumerated().map { try files.saveFigure(png: $1, index: $0 + 1) }
            #expect(figurePaths.count == 1)
            let path = try files.writeFinalNotebook(code: code, request: request, figurePaths: figurePaths, resultsSummary: "Mean and squares.")
            #expect(path == files.folderPath + "/notebook.ipynb")

            try expectValidNotebook(path)
            let cells = try notebookCells(path)
            #expect(cells[0].type == "markdown")
            #expect(cells[0].source.contains("Average the beam current samples"))
            #expect(cells[0].source.contains("What is the mean beam current?"))
            #expect(cells[1].source.contains("json.load"))
            #expect(!cells.contains { $0.source.contains("framework") || $0.source.contains("osprey") })
            #expect(cells[2].type == "code" && cells[2].source == code)
            #expect(cells.contains { $0.type == "code" && $0.source == "results" })
            #expect(cells.last?.source.contains("![Figure 1](figures/figure_01.png)") == true)

            let kernels = try await runProcess(venvExecutable("jupyter"), ["kernelspec", "list", "--json"])
            #expect(kernels.status == 0)
            #expect(kernels.stdout.contains("\"python3\""))

            let report = try await executeNotebook(folder: files.folderPath)
            #expect(report["errors"] as? [String] == [])
            #expect(report["matches"] as? Bool == true, "shown \(report["shown"] ?? "nothing")")
            #expect((report["shown"] as? String)?.contains("BEAM CURRENT") == true)
        }
    }

    @Test("the final notebook writes context.json itself when it is missing")
    func finalNotebookWritesMissingContext() throws {
        try withTemporaryFolder { root in
            let files = try ExecutionFiles.create(name: "nocontext", configuration: FileLayoutConfiguration(agentDataDirectory: root))
            let request = PythonExecutionRequest(userQuery: "q", taskObjective: "t")
            #expect(files.context.contextFilePath == nil)
            try files.writeFinalNotebook(code: "results = {'keys': sorted(context)}", request: request, figurePaths: [], resultsSummary: nil)
            #expect(files.context.contextFilePath == files.folderPath + "/context.json")
            #expect(try String(contentsOfFile: files.folderPath + "/context.json", encoding: .utf8).contains("{}"))
        }
    }

    // MARK: - Atomicity and errors

    @Test("overwriting a file never exposes a partial file and leaves no temporary files")
    func atomicOverwrite() async throws {
        try await withTemporaryFolderAsync { root in
            let files = try ExecutionFiles.create(name: "atomic", configuration: FileLayoutConfiguration(agentDataDirectory: root))
            let size = 4 << 20
            let versions = [Data(repeating: UInt8(ascii: "a"), count: size), Data(repeating: UInt8(ascii: "b"), count: size)]
            let path = try files.write(versions[0], to: "data/big.bin")
            #expect(path == files.folderPath + "/data/big.bin")

            let reader = Task.detached { () -> (reads: Int, torn: Int) in
                var reads = 0, torn = 0
                let deadline = Date().addingTimeInterval(2)
                while Date() < deadline {
                    guard let data = FileManager.default.contents(atPath: path) else { torn += 1; continue }
                    reads += 1
                    if data.count != size || (data != versions[0] && data != versions[1]) { torn += 1 }
                }
                return (reads, torn)
            }
            var writes = 0
            let deadline = Date().addingTimeInterval(1.5)
            while Date() < deadline {
                try files.write(versions[writes % 2], to: "data/big.bin")
                writes += 1
            }
            let (reads, torn) = await reader.value
            #expect(writes > 2 && reads > 2)
            #expect(torn == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: files.folderPath + "/data") == ["big.bin"])

            // A failed write leaves the old content and no temporary file.
            try FileManager.default.createDirectory(atPath: files.folderPath + "/data/blocked", withIntermediateDirectories: false)
            #expect(throws: ExecutionFilesError.self) { try files.write(versions[1], to: "data/blocked") }
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: files.folderPath + "/data")) == ["big.bin", "blocked"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: files.folderPath + "/data/blocked").isEmpty)
        }
    }

    @Test("paths that could leave the execution folder are refused")
    func invalidPaths() throws {
        try withTemporaryFolder { root in
            let files = try ExecutionFiles.create(name: "paths", configuration: FileLayoutConfiguration(agentDataDirectory: root))
            for bad in ["", "/etc/passwd", "../escape.txt", "a/../../b", "a//b", "./a", "dir/"] {
                do {
                    try files.write(Data("x".utf8), to: bad)
                    Issue.record("\(bad) was accepted")
                } catch {
                    guard let error = error as? ExecutionFilesError, case .invalidPath(let path, _) = error else {
                        Issue.record("\(bad): expected invalidPath, got \(error)")
                        continue
                    }
                    #expect(path == bad)
                }
            }
            #expect(!FileManager.default.fileExists(atPath: files.folderPath + "/../escape.txt"))
        }
    }

    @Test("a base folder that cannot be written gives a typed error")
    func unwritableBase() throws {
        try withTemporaryFolder { root in
            // A file where a folder must be: fails for every user, root included.
            _ = FileManager.default.createFile(atPath: root + "/blocker", contents: Data("x".utf8))
            do {
                _ = try ExecutionFiles.create(name: "x", configuration: FileLayoutConfiguration(agentDataDirectory: root + "/blocker/data"))
                Issue.record("creating under a file succeeded")
            } catch {
                guard let error = error as? ExecutionFilesError, case .directoryNotCreated(let path, let reason) = error else {
                    Issue.record("expected directoryNotCreated, got \(error)")
                    return
                }
                #expect(path == root + "/blocker")
                #expect(reason == "a file is in the way")
                #expect(error.description.contains(path))
            }
            // Permissions only bind users other than root.
            if getuid() != 0 {
                let locked = root + "/locked"
                try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
                chmod(locked, 0o555)
                defer { chmod(locked, 0o755) }
                #expect(throws: ExecutionFilesError.self) {
                    try ExecutionFiles.create(name: "x", configuration: FileLayoutConfiguration(agentDataDirectory: locked))
                }
            }
        }
    }
}

// MARK: - Helpers

/// Runs `body` with a fresh temporary folder, removed afterwards.
private func withTemporaryFolder(_ body: (String) throws -> Void) throws {
    let folder = NSTemporaryDirectory() + "files-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try body(folder)
}

/// ``withTemporaryFolder(_:)`` for async bodies.
private func withTemporaryFolderAsync(_ body: (String) async throws -> Void) async throws {
    let folder = NSTemporaryDirectory() + "files-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try await body(folder)
}

/// A local date from its fields.
private func localDate(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> Date? {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = .current
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
}

private func realpathString(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}

private func isDirectory(_ path: String) -> Bool {
    var directory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
}

/// Runs `code` in the embedded Python and returns `x` as a `PythonValue`.
func evaluate(_ code: String) throws -> PythonValue {
    try PythonRuntime.start().withGIL { gil throws(PyEmbedError) in
        try gil.run(code).value("x", as: PythonValue.self, gil)
    }
}

/// Runs `code` in the embedded Python with `inputs` and returns its `ok`.
private func runPython(_ code: String, inputs: [String: String] = [:]) throws -> Bool {
    try PythonRuntime.start().withGIL { gil throws(PyEmbedError) in
        try gil.run(code, inputs: inputs).value("ok", as: Bool.self, gil)
    }
}

/// PNG bytes of a real matplotlib figure.
private func pngOfPlot() throws -> [UInt8] {
    try PythonRuntime.start().withGIL { gil throws(PyEmbedError) in
        // Without pyplot, so that no run's figure capture can take this figure.
        let output = try gil.run("import io\nfrom matplotlib.figure import Figure\n"
            + "fig = Figure()\nfig.subplots().plot([1, 2, 3])\nbuffer = io.BytesIO()\nfig.savefig(buffer, format='png')\n"
            + "png = buffer.getvalue()")
        return try output.value("png", as: PythonValue.self, gil)
    }.bytesPayload()
}

extension PythonValue {
    fileprivate func bytesPayload() throws -> [UInt8] {
        guard case let .bytes(bytes) = self else { throw TestFailure("expected bytes, got \(self)") }
        return bytes
    }
}

private struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Checks the notebook at `path` with the real `nbformat.validate`.
private func expectValidNotebook(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let valid = try runPython(
        "import nbformat\nnb = nbformat.read(path, as_version=4)\nnbformat.validate(nb)\n"
            + "ok = nb.nbformat == 4 and nb.nbformat_minor == 5 and nb.metadata.kernelspec.name == 'python3'"
            + " and nb.metadata.language_info.name == 'python' and all(c.get('id') for c in nb.cells)",
        inputs: ["path": path])
    #expect(valid, "nbformat rejected \(path)", sourceLocation: sourceLocation)
}

/// The cells of the notebook at `path`: type and joined source.
private func notebookCells(_ path: String) throws -> [(type: String, source: String)] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let cells = try #require(object["cells"] as? [[String: Any]])
    return cells.map { cell in
        let source = (cell["source"] as? [String])?.joined() ?? (cell["source"] as? String ?? "")
        return (cell["cell_type"] as? String ?? "", source)
    }
}

/// `name` in the project's virtual environment (`<package root>/.venv/bin`).
private func venvExecutable(_ name: String, file: String = #filePath) -> String {
    let root = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.path + "/.venv/bin/" + name
}

/// Runs an executable to its end and returns its status and output.
func runProcess(
    _ executable: String, _ arguments: [String], directory: String? = nil
) async throws -> (status: Int32, stdout: String, stderr: String) {
    try await offThePool { try runProcessBlocking(executable, arguments, directory: directory) }
}

private func runProcessBlocking(
    _ executable: String, _ arguments: [String], directory: String?
) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Both pipes at once, before waiting: a child that fills one while the other is read would block forever.
    let errors = BackgroundRead(err.fileHandleForReading)
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = errors.wait()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// Executes `<folder>/notebook.ipynb` with nbclient in a real `python3` kernel
/// and compares the `results` it shows with `results.json`.
private func executeNotebook(folder: String) async throws -> [String: Any] {
    let script = """
        import ast, json, sys
        import nbclient, nbformat
        folder = sys.argv[1]
        nb = nbformat.read(folder + "/notebook.ipynb", as_version=4)
        nbclient.NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": folder}}).execute()
        code = [c for c in nb.cells if c.cell_type == "code"]
        errors = [o["ename"] + ": " + o["evalue"] for c in code for o in c.outputs if o.output_type == "error"]
        shown_cell = [c for c in code if c.source == "results"][0]
        shown = [o for o in shown_cell.outputs if o.output_type == "execute_result"][0]["data"]["text/plain"]
        with open(folder + "/results.json") as f:
            saved = json.load(f)
        print(json.dumps({"errors": errors, "shown": shown, "matches": ast.literal_eval(shown) == saved}))
        """
    let run = try await runProcess(venvExecutable("python"), ["-c", script, folder])
    guard run.status == 0, let line = run.stdout.split(separator: "\n").last,
        let report = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    else {
        throw TestFailure("nbclient failed (\(run.status)): \(run.stderr)\n\(run.stdout)")
    }
    return report
}

@Suite("Bounded notebooks")
struct BoundedNotebookTests {
    /// Through `pyexec` (its own process, default process tier), so that the large
    /// values do not grow this test process while other suites measure its memory.
    @Test("the final notebook of a run returning a 1M-element array stays under 100 kB; results.json has every element")
    func largeResultsStayOutOfTheNotebook() async throws {
        let harness = try WorkflowHarness()
        let code = "import numpy as np\nresults = {'mean': 0.5, 'samples': np.linspace(0, 1, 1_000_000), 'text': 'x' * 100_000}"
        let run = try await pyexec(["run", "-c", code, "--yes", "--data-dir", harness.root.path])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.utf8.count < 10_000, "the text answer shows summaries too")
        #expect(run.stdout.contains("samples: array(float64, shape (1000000,), [0.0, 1.000001000001e-06, 2.000002000002e-06"))
        let path = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("notebook: ") }?.dropFirst("notebook: ".count))
        let notebook = try Data(contentsOf: URL(fileURLWithPath: String(path)))
        #expect(notebook.count < 100_000)
        let text = String(decoding: notebook, as: UTF8.self)
        #expect(text.contains("samples: array(float64, shape (1000000,), [0.0, 1.000001000001e-06, 2.000002000002e-06"))
        #expect(text.contains("… (100000 characters)"))
        let folder = URL(fileURLWithPath: String(path)).deletingLastPathComponent().path
        let saved = try FileManager.default.attributesOfItem(atPath: folder + "/results.json")[.size] as? Int ?? 0
        #expect(saved > 1_000_000 * 10, "results.json holds every element (\(saved) bytes)")
    }
}

@Suite("JSON splicing")
struct JSONSpliceTests {
    @Test("an object around an already encoded member is byte for byte the pretty-printing of the whole")
    func splicedEqualsWhole() throws {
        let members: [PythonValue] = [
            .dict(PythonDictionary([
                .init(key: .string("a"), value: .list([.float(0.5), .float(1e-7), .float(.nan), .list([]), .dict(PythonDictionary())])),
                .init(key: .string("s"), value: .string("line\nbreak \"q\" \\ \t")),
                .init(key: .tuple([.int(1), .string("k")]), value: .tuple([.none, .bool(true)])),
            ])),
            .list([]), .dict(PythonDictionary()), .string("x\ny"), .int(PythonInteger(42)),
        ]
        for member in members {
            for rest in [PythonDictionary([.init(key: .string("b"), value: .list([.int(1), .string("two")]))]), PythonDictionary()] {
                let whole = PythonValue.dict(PythonDictionary([.init(key: .string("results"), value: member)] + rest.entries))
                let expected = try whole.jsonData(prettyPrinted: true, policy: ReferenceJSONPolicy(keys: .text))
                let spliced = JSONSplice.object(
                    first: "results", encoded: try member.jsonData(prettyPrinted: true, policy: ReferenceJSONPolicy(keys: .text)),
                    rest: try PythonValue.dict(rest).jsonString(prettyPrinted: true, policy: ReferenceJSONPolicy(keys: .text)))
                #expect(String(decoding: spliced, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
            }
        }
    }
}

@Suite("Batched folder flushes")
struct DirectorySyncTests {
    @Test("a batch writes whole files at once and leaves each folder's flush for one call at the end")
    func batchedWrites() throws {
        try withTemporaryFolder { root in
            let files = try ExecutionFiles.create(name: "batch", configuration: FileLayoutConfiguration(agentDataDirectory: root))
            let batch = files.batchingDirectorySyncs()
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
            try batch.writeResults(json: Data("{\"a\": 1}".utf8))
            try batch.saveFigure(png: png, index: 1)
            try batch.write(Data("x".utf8), to: "notes.txt")
            // Written and renamed already: readers see whole files.
            #expect(try String(contentsOfFile: files.folderPath + "/results.json", encoding: .utf8) == "{\"a\": 1}")
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: files.folderPath + "/figures/figure_01.png"))) == png)
            #expect(batch.directorySyncs?.pendingFolders == [files.folderPath, files.folderPath + "/figures"])
            batch.flushDirectories()
            #expect(batch.directorySyncs?.pendingFolders == [])
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: files.folderPath).filter { $0.hasSuffix(".tmp") }
            #expect(leftovers.isEmpty)
            // Without a batch nothing is deferred.
            #expect(files.directorySyncs == nil)
        }
    }
}
