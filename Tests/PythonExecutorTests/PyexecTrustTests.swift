import Foundation
import PyEmbed
@testable import PythonExecutor
import Testing

/// The documented keys of `pyexec run --json` on success.
private let successKeys: Set<String> = [
    "results", "execution_stdout", "execution_time_seconds", "execution_folder", "notebook_path", "notebook_link",
    "figure_paths", "figure_count", "generated_code", "generation_attempt", "analysis_warnings",
]

@Suite("pyexec trust boundaries", .serialized)
struct PyexecTrustTests {
    @Test func resumeShowsTheCodeAndApprovesOnlyTheDigestSeen() async throws {
        let harness = try WorkflowHarness()
        let code = "results = {'ok': 1}"
        let paused = try await pyexec(["run", "-c", code, "--json", "--data-dir", harness.root.path])
        #expect(paused.status == 3)
        let pending = try #require(try json(paused.stdout)["pending_approval"] as? [String: Any])
        let folder = try #require(pending["folder"] as? String)
        let digest = ApprovalSeal.digest(of: code)
        #expect(pending["code_sha256"] as? String == digest)

        let shown = try await pyexec(["resume", folder, "--data-dir", harness.root.path])
        #expect(shown.status == 3 && shown.stdout.contains(code) && shown.stdout.contains(digest), "stdout: \(shown.stdout)")
        let shownJSON = try #require(try json(try await pyexec(["resume", folder, "--json"]).stdout)["pending_approval"] as? [String: Any])
        #expect(shownJSON["code"] as? String == code && shownJSON["code_sha256"] as? String == digest)

        let wrong = try await pyexec(["resume", folder, "--approve", "--digest", String(repeating: "0", count: 64), "--json", "--data-dir", harness.root.path])
        #expect(wrong.status != 0)
        let error = try #require(try json(wrong.stdout)["error"] as? [String: Any])
        #expect(error["type"] as? String == "ApprovalError")
        #expect(FileManager.default.fileExists(atPath: folder + "/" + PendingState.fileName), "a refused digest leaves the approval pending")

        let approved = try await pyexec(["resume", folder, "--approve", "--digest", digest, "--json", "--data-dir", harness.root.path])
        #expect(approved.status == 0, "stderr: \(approved.stderr)")
        let answer = try json(approved.stdout)
        #expect(answer["approved_code_sha256"] as? String == digest)
        #expect((answer["results"] as? [String: Any])?["ok"] as? Int == 1)
        #expect(approved.stderr.contains(code) && approved.stderr.contains(digest), "the code and digest are shown before deciding")

        let again = try await pyexec(["resume", folder, "--approve", "--json", "--data-dir", harness.root.path])
        #expect(again.status != 0)
        #expect(((try json(again.stdout)["error"] as? [String: Any])?["message"] as? String)?.contains("already decided") == true, "\(again.stdout)")
    }

    @Test func resumeRefusesSwappedCode() async throws {
        let harness = try WorkflowHarness()
        let marker = harness.root.appendingPathComponent("marker").path
        let paused = try await pyexec(["run", "-c", "results = {'shown': True}", "--json", "--data-dir", harness.root.path])
        let folder = try #require((try json(paused.stdout)["pending_approval"] as? [String: Any])?["folder"] as? String)
        let path = folder + "/" + PendingState.fileName
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let swapped = "open(\(PythonValue.string(marker)), 'w').write('x')\nresults = {'shown': True}"
        try text.replacingOccurrences(of: #""code" : "results = {'shown': True}""#, with: "\"code\" : \(try PythonValue.string(swapped).jsonString())")
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("marker"))
        let resumed = try await pyexec(["resume", folder, "--approve", "--json", "--data-dir", harness.root.path])
        #expect(resumed.status != 0)
        #expect((try json(resumed.stdout)["error"] as? [String: Any])?["type"] as? String == "ApprovalError")
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func resultsWithKeysJSONCannotHoldKeepTheDocumentedShape() async throws {
        let harness = try WorkflowHarness()
        let code = """
            class K:
                def __str__(self): return 'K!'
                def __hash__(self): return 1
            results = {(1, 2): 'tuple', b'raw': 'bytes', K(): 'object', 'plain': {'nested': {(3,): 4}}}
            """
        let run = try await pyexec(["run", "-c", code, "--yes", "--json", "--data-dir", harness.root.path])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let object = try json(run.stdout)
        #expect(Set(object.keys) == successKeys)
        let results = try #require(object["results"] as? [String: Any])
        #expect(results["(1, 2)"] as? String == "tuple")
        #expect(results["b'raw'"] as? String == "bytes")
        #expect(results["K!"] as? String == "object")
        #expect(((results["plain"] as? [String: Any])?["nested"] as? [String: Any])?["(3,)"] as? Int == 4)
        let folder = try #require(object["execution_folder"] as? String)
        let saved = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/results.json"))) as? [String: Any])
        #expect(saved["(1, 2)"] as? String == "tuple" && saved["_serialization_failed"] == nil)
    }

    @Test func unsavedResultsAreAFailureUnlessAllowed() async throws {
        let disk = try TmpfsMount(kilobytes: 2048)
        defer { disk.unmount() }
        // The code fills the disk the service writes to, as a run producing large files might.
        let code = """
            chunk = b'x' * 65536
            with open(\(PythonValue.string(disk.path + "/filler")), 'ab') as f:
                try:
                    while True:
                        f.write(chunk); f.flush()
                except OSError:
                    pass
            results = {'value': 42}
            """
        let run = try await pyexec(["run", "-c", code, "--yes", "--json", "--data-dir", disk.path + "/data"])
        #expect(run.status != 0, "stdout: \(run.stdout)")
        let error = try #require(try json(run.stdout)["error"] as? [String: Any])
        #expect(error["type"] as? String == "ResultsNotSavedError")
        #expect(Set(error.keys) == ["category", "type", "message", "traceback", "stage", "attempt", "execution_folder", "exception"])
        #expect(error["stage"] as? String == "results")

        disk.free()
        let harness = try WorkflowHarness()
        var configuration = harness.configuration()
        configuration.filePaths.agentDataDir = disk.path + "/data"
        configuration.pythonExecutor.allowUnsavedResults = true
        let outcome = try await harness.service(StaticCodeGenerator(code: code), configuration: configuration).execute(request(retries: 1))
        guard let result = success(outcome) else { return }
        #expect(result.executionResult.results["value"] == .int(42))
        #expect(result.analysisWarnings.contains { $0.hasPrefix("results.json not saved") })
    }

    @Test(arguments: ["import os\nos.close(1)\nresults = {'a': 1}", "import os\nos.close(2)\nresults = {'a': 1}", "import os\nos.close(1)\nos.close(2)\nresults = {'a': 1}"])
    func closedDescriptorsKeepTheAnswer(code: String) async throws {
        let harness = try WorkflowHarness()
        let run = try await pyexec(["run", "-c", code, "--yes", "--json", "--data-dir", harness.root.path])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let object = try json(run.stdout)
        #expect(Set(object.keys) == successKeys)
        #expect((object["results"] as? [String: Any])?["a"] as? Int == 1)
        #expect(run.stderr.contains("executed successfully"), "status lines after the run still arrive")
    }

    @Test func aContextFileAndALatin1SourceWorkWithAConfiguredVenv() async throws {
        let harness = try WorkflowHarness()
        let venv = try #require(try PythonRuntime.start().environment.venvPath, "the tests run in a venv")
        let config = harness.root.appendingPathComponent("venv.yml")
        try "execution:\n  python_env_path: \(try PythonValue.string(venv).jsonString())\n".write(to: config, atomically: true, encoding: .utf8)
        let contextFile = harness.root.appendingPathComponent("context.json")
        try #"{"x": 2}"#.write(to: contextFile, atomically: true, encoding: .utf8)
        let script = harness.root.appendingPathComponent("job.py")
        try Data(Array("# coding: latin-1\nresults = {'s': 'caf".utf8) + [0xE9] + Array("', 'x': context['x']}\n".utf8)).write(to: script)
        let run = try await pyexec(["run", script.path, "--context", contextFile.path, "--config", config.path, "--yes", "--json", "--data-dir", harness.root.path])
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        let results = try json(run.stdout)["results"] as? [String: Any]
        #expect(results?["s"] as? String == "café" && results?["x"] as? Int == 2)
    }

    @Test func aClosedOutputPipeDoesNotKillPyexec() async throws {
        let harness = try WorkflowHarness()
        // The reader goes away at once; pyexec's later writes meet a broken pipe.
        let script = #"set -o pipefail; "$0" run -c "results = {'a': 1}" --yes --json --data-dir "$1" 2>/dev/null | true; echo "${PIPESTATUS[0]}""#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script, try pyexecBinary().path, harness.root.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = await offThePool {
            defer { process.waitUntilExit() }
            return pipe.fileHandleForReading.readDataToEndOfFile()
        }
        #expect(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "0", "pyexec's status (141 is SIGPIPE)")
    }

    @Test func oversizedSourceIsRefusedBeforeAnalysis() async throws {
        let harness = try WorkflowHarness()
        let big = String(repeating: "x = 1\n", count: 200_000) + "results = {}\n"
        let fromStdin = try await pyexec(["run", "-", "--yes", "--json", "--data-dir", harness.root.path], stdin: big)
        #expect(fromStdin.status != 0)
        let error = try #require(try json(fromStdin.stdout)["error"] as? [String: Any])
        #expect(error["type"] as? String == "SourceError")
        #expect((error["message"] as? String)?.contains("max_source_bytes") == true)
        #expect(!fromStdin.stderr.contains("Analyzing"))

        let config = harness.root.appendingPathComponent("small.yml")
        try "python_executor:\n  max_source_bytes: 10\n".write(to: config, atomically: true, encoding: .utf8)
        let fromArgument = try await pyexec(["run", "-c", "results = {'a': 1}", "--yes", "--json", "--config", config.path, "--data-dir", harness.root.path])
        #expect((try json(fromArgument.stdout)["error"] as? [String: Any])?["type"] as? String == "SourceError")

        var configuration = harness.configuration()
        configuration.pythonExecutor.maxSourceBytes = 10
        let stages = StageLog()
        let error2 = await failure {
            try await harness.service(StaticCodeGenerator(code: "results = {'a': 1}"), configuration: configuration)
                .execute(request(retries: 1)) { stages.append($0.stage) }
        }
        #expect(error2 == .source(.tooLarge(bytes: 18, limit: 10)))
        #expect(!stages.all.contains(.analyzing))
    }

    @Test func approvedCodeIsAnalysedOncePerVersion() async throws {
        let harness = try WorkflowHarness()
        let configuration = harness.configuration(approval: .allCode)
        let unchanged = StageLog()
        let service = try harness.service(StaticCodeGenerator(code: "results = {'a': 1}"), configuration: configuration, approval: RecordingApprover(.approved()))
        #expect(success(try await service.execute(request(retries: 1)) { unchanged.append($0.stage) }) != nil)
        #expect(unchanged.all.filter { $0 == .analyzing }.count == 1)

        let edited = StageLog()
        let editing = try harness.service(
            StaticCodeGenerator(code: "results = {'a': 1}"), configuration: configuration,
            approval: RecordingApprover(.approved(editedCode: "results = {'a': 2}")))
        let result = success(try await editing.execute(request(retries: 1)) { edited.append($0.stage) })
        #expect(result?.executionResult.results["a"] == .int(2))
        #expect(edited.all.filter { $0 == .analyzing }.count == 2, "edited code is analysed again")

        let run = try await pyexec(["run", "-c", "results = {'a': 1}", "--yes", "--data-dir", harness.root.path])
        #expect(run.stderr.components(separatedBy: "Analyzing Python code").count - 1 == 1)
    }

    @Test func sourceFilesAreDecodedAsPythonDecodesThem() async throws {
        let harness = try WorkflowHarness()
        func file(_ name: String, _ bytes: [UInt8]) throws -> String {
            let path = harness.root.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        let latin = try file("latin.py", Array("# -*- coding: latin-1 -*-\nresults = {'s': 'caf".utf8) + [0xE9] + Array("'}\n".utf8))
        let latinRun = try await pyexec(["run", latin, "--yes", "--json", "--data-dir", harness.root.path])
        #expect((try json(latinRun.stdout)["results"] as? [String: Any])?["s"] as? String == "café", "stderr: \(latinRun.stderr)")

        let secondLine = try file("cp.py", Array("#!/usr/bin/env python3\n# vim: set fileencoding=cp1252 :\nresults = {'s': '".utf8) + [0x80] + Array("'}\n".utf8))
        #expect((try json(try await pyexec(["run", secondLine, "--yes", "--json", "--data-dir", harness.root.path]).stdout)["results"] as? [String: Any])?["s"] as? String == "€")

        let bom = try file("bom.py", PythonSourceDecoder.bom + Array("results = {'s': 'é'}\n".utf8))
        let bomStdin = try await pyexec(["run", "-", "--yes", "--json", "--data-dir", harness.root.path], input: Data(contentsOf: URL(fileURLWithPath: bom)))
        #expect((try json(bomStdin.stdout)["results"] as? [String: Any])?["s"] as? String == "é", "stderr: \(bomStdin.stderr)")

        let invalid = try file("bad.py", Array("results = {'s': '".utf8) + [0xFF] + Array("'}\n".utf8))
        let invalidRun = try await pyexec(["run", invalid, "--yes", "--json", "--data-dir", harness.root.path])
        #expect(invalidRun.status != 0)
        let error = try #require(try json(invalidRun.stdout)["error"] as? [String: Any])
        #expect(error["type"] as? String == "SourceError")
        #expect((error["message"] as? String)?.contains("byte offset 17") == true, "\(error)")
    }

    @Test func encodingDetectionAgreesWithPythonsTokenize() throws {
        let cases = [
            "", "\n", "x = 1\n", "# coding: latin-1\n", "#coding=utf8\n", "  \t# vim: fileencoding=koi8-r\n",
            "# -*- coding: iso-latin-1-unix -*-\n", "# -*- coding: UTF_8 -*-\n", "# -*- coding: Latin_1 -*-\n",
            "#!/usr/bin/python\n# coding: cp1252\n", "\n# coding: cp1252\n", "\r\n# coding: cp1252\n",
            "x = 1\n# coding: cp1252\n", "\n\n# coding: cp1252\n", "# coding:\n# coding: cp1252\n",
            "# codingX: cp1252 coding:koi8-r\n", "x = '# coding: cp1252'\n", "# coding : cp1252\n",
            "# coding:   utf-8-variant\n", "\u{0C}# coding: ascii\n", "# coding: ascii", "# encoding: euc_jp\nx\n",
        ]
        let runtime = try PythonRuntime.start()
        for text in cases {
            for bom in [false, true] {
                let bytes = (bom ? PythonSourceDecoder.bom : []) + Array(text.utf8)
                let python = try runtime.withGIL { gil in
                    try gil.run(
                        "import io, tokenize\ntry:\n    found = tokenize.detect_encoding(io.BytesIO(data).readline)[0]\nexcept SyntaxError:\n    found = None",
                        inputs: ["data": PythonValue.bytes(bytes)]
                    ).value("found", as: String?.self, gil)
                }
                let ours = try? PythonSourceDecoder.declaredEncoding(bytes)
                let expected = python.map { $0 == "utf-8-sig" ? "utf-8" : $0 }
                #expect(ours?.encoding == expected, "\(bom ? "BOM + " : "")\(text.debugDescription)")
                if ours != nil { #expect(ours?.start == (bom ? 3 : 0)) }
            }
        }
    }

    @Test func encodingDeclarationsFollowPEP263() throws {
        func encoding(_ text: String) throws -> String { try PythonSourceDecoder.declaredEncoding(Array(text.utf8)).encoding }
        #expect(try encoding("# coding: latin-1\n") == "iso-8859-1")
        #expect(try encoding("# -*- coding: UTF_8 -*-\n") == "utf-8")
        #expect(try encoding("\n# coding=cp1252\n") == "cp1252")
        #expect(try encoding("x = 1\n# coding: cp1252\n") == "utf-8", "line 2 counts only after a blank or comment line")
        #expect(try encoding("\n\n# coding: cp1252\n") == "utf-8", "line 3 never counts")
        #expect(try encoding("x = '# coding: cp1252'\n") == "utf-8", "the declaration must be a comment")
        #expect(try encoding("# codingX: cp1252 coding:koi8-r\n") == "koi8-r")
        #expect(try PythonSourceDecoder.declaredEncoding(Array("# coding: latin-1 caf".utf8) + [0xE9, 0x0A]).encoding == "iso-8859-1", "the line itself may be in the declared encoding")
        #expect(throws: SourceError.self) { try PythonSourceDecoder.declaredEncoding(PythonSourceDecoder.bom + Array("# coding: latin-1\n".utf8)) }
        #expect(throws: SourceError.undecodable(encoding: "UTF-8", offset: 3, reason: "byte 0xc3 does not start a valid UTF-8 sequence here")) {
            try PythonSourceDecoder.utf8([0x61, 0x62, 0x63, 0xC3, 0x28], from: 0)
        }
        let runtime = try PythonRuntime.start()
        #expect(throws: PythonExecutorError.source(.badDeclaration("unknown encoding: no-such-codec"))) {
            try PythonSourceDecoder.decode(Array("# coding: no-such-codec\n".utf8)) { runtime }
        }
    }
}

/// Status stages recorded from any thread.
final class StageLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stages: [StatusEvent.Stage] = []

    func append(_ stage: StatusEvent.Stage) { lock.withLock { stages.append(stage) } }

    var all: [StatusEvent.Stage] { lock.withLock { stages } }
}
