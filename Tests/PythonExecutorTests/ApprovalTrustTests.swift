import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PyEmbed
@testable import PythonExecutor
import Testing

/// A run of `code` stopped for approval (`all_code`, no handler), with `context`.
private func paused(
    _ harness: WorkflowHarness, _ code: String, context: PythonValue? = nil, configuration: ExecutorConfiguration? = nil
) async throws -> PendingApproval {
    let configuration = configuration ?? harness.configuration(approval: .allCode)
    let outcome = try await harness.service(StaticCodeGenerator(code: code), configuration: configuration).execute(request(context: context))
    guard case let .pendingApproval(pending) = outcome else { throw PythonExecutorError.configuration("expected a pending approval, got \(outcome)") }
    return pending
}

/// Changes `pending_approval.json` in `folder` as an attacker with write access to the folder would.
private func tamper(_ folder: String, _ change: (inout [String: Any]) -> Void) throws {
    let path = folder + "/" + PendingState.fileName
    let data = try #require(FileManager.default.contents(atPath: path))
    var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    change(&object)
    try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
}

/// Code that appends a line to `marker` and returns it in `results`.
private func marking(_ marker: String, _ text: String = "ran") -> String {
    "with open(\(PythonValue.string(marker)), 'a') as f:\n    f.write(\(PythonValue.string(text)) + '\\n')\nresults = {'ran': \(PythonValue.string(text))}"
}

private func lines(_ path: String) -> [String] {
    (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
}

@Suite("Approval trust boundaries")
struct ApprovalTrustTests {
    @Test func editedPendingCodeIsRefusedAndNothingRuns() async throws {
        let harness = try WorkflowHarness()
        let marker = harness.root.appendingPathComponent("marker").path
        let pending = try await paused(harness, marking(marker, "shown"))
        try tamper(pending.folder) { object in
            var approval = object["approval"] as? [String: Any] ?? [:]
            approval["code"] = marking(marker, "swapped")
            object["approval"] = approval
            object["codeSHA256"] = ApprovalSeal.digest(of: marking(marker, "swapped"))
        }
        let error = await failure { try await harness.service(StaticCodeGenerator(code: "")).resume(folder: pending.folder, decision: .approved()) }
        #expect(error == .approval(.sealBroken(folder: pending.folder)))
        #expect(lines(marker).isEmpty, "the swapped code must not run")
        #expect(FileManager.default.fileExists(atPath: pending.folder + "/" + PendingState.fileName), "a refused resume claims nothing")
        #expect(throws: PythonExecutorError.approval(.sealBroken(folder: pending.folder))) { try PythonExecutorService.pendingApproval(folder: pending.folder) }
    }

    @Test func editedContextIsRefused() async throws {
        let harness = try WorkflowHarness()
        let pending = try await paused(harness, "results = {'v': context['v']}", context: .dict(PythonDictionary([.init(key: .string("v"), value: .int(1))])))
        try #"{"v": 999}"#.write(toFile: pending.folder + "/context.json", atomically: true, encoding: .utf8)
        let error = await failure { try await harness.service(StaticCodeGenerator(code: "")).resume(folder: pending.folder, decision: .approved()) }
        #expect(error == .approval(.sealBroken(folder: pending.folder)))
    }

    @Test func approvedDigestMustBeTheStoredCode() async throws {
        let harness = try WorkflowHarness()
        let code = "results = {'x': 1}"
        let pending = try await paused(harness, code)
        #expect(pending.codeSHA256 == ApprovalSeal.digest(of: code) && pending.codeSHA256.count == 64)
        let other = ApprovalSeal.digest(of: "results = {'x': 2}")
        let service = try harness.service(StaticCodeGenerator(code: ""))
        let mismatch = await failure { try await service.resume(folder: pending.folder, decision: .approved(), approvedDigest: other) }
        #expect(mismatch == .approval(.digestMismatch(folder: pending.folder, expected: other, actual: pending.codeSHA256)))
        let invalid = await failure { try await service.resume(folder: pending.folder, decision: .approved(), approvedDigest: "abc") }
        #expect(invalid == .approval(.invalidDigest("abc")))
        let result = success(try await service.resume(folder: pending.folder, decision: .approved(), approvedDigest: pending.codeSHA256.uppercased()))
        #expect(result?.executionResult.results["x"] == .int(1))
    }

    @Test func everyFieldOfThePendingRecordIsSealed() async throws {
        let harness = try WorkflowHarness()
        let marker = harness.root.appendingPathComponent("marker").path
        let edits: [(String, (inout [String: Any]) -> Void)] = [
            ("retries", { object in
                var request = object["request"] as? [String: Any] ?? [:]
                request["retries"] = 25
                object["request"] = request
            }),
            ("what the reviewer sees", { object in
                var approval = object["approval"] as? [String: Any] ?? [:]
                approval["safety_concerns"] = [String]()
                approval["reasoning"] = "nothing to see"
                object["approval"] = approval
            }),
        ]
        for (what, edit) in edits {
            let pending = try await paused(harness, marking(marker))
            try tamper(pending.folder, edit)
            let error = await failure { try await harness.service(StaticCodeGenerator(code: "")).resume(folder: pending.folder, decision: .approved()) }
            #expect(error == .approval(.sealBroken(folder: pending.folder)), "editing \(what) was not caught")
        }
        #expect(lines(marker).isEmpty)
    }

    @Test func storedPathsAreIgnoredEverythingComesFromTheFolder() async throws {
        let harness = try WorkflowHarness()
        let elsewhere = harness.root.appendingPathComponent("elsewhere").path
        try FileManager.default.createDirectory(atPath: elsewhere + "/attempts", withIntermediateDirectories: true)
        try #"{"k": "hijacked"}"#.write(toFile: elsewhere + "/context.json", atomically: true, encoding: .utf8)
        let pending = try await paused(harness, "results = {'k': context['k']}", context: .dict(PythonDictionary([.init(key: .string("k"), value: .string("real"))])))
        try tamper(pending.folder) { object in
            var context = object["context"] as? [String: Any] ?? [:]
            context["folder_path"] = elsewhere
            context["attempts_folder"] = elsewhere + "/attempts"
            context["context_file_path"] = elsewhere + "/context.json"
            var attempts = context["notebook_attempts"] as? [[String: Any]] ?? []
            for index in attempts.indices { attempts[index]["notebook_path"] = elsewhere + "/attempts/../../escape.ipynb" }
            context["notebook_attempts"] = attempts
            object["context"] = context
            var approval = object["approval"] as? [String: Any] ?? [:]
            approval["folder"] = elsewhere
            object["approval"] = approval
        }
        // The paths are part of the sealed record: the edited file is refused, and nothing is written anywhere.
        let error = await failure { try await harness.service(StaticCodeGenerator(code: "")).resume(folder: pending.folder, decision: .approved()) }
        #expect(error == .approval(.sealBroken(folder: pending.folder)))
        // An untouched pending approval in the same folder layout resumes, deriving every path from its folder.
        let clean = try await paused(harness, "results = {'k': context['k']}", context: .dict(PythonDictionary([.init(key: .string("k"), value: .string("real"))])))
        let outcome = try await harness.service(StaticCodeGenerator(code: "")).resume(folder: clean.folder, decision: .approved())
        guard let result = success(outcome) else { return }
        #expect(result.executionResult.results["k"] == .string("real"), "the context comes from the folder being resumed")
        #expect(result.executionResult.folderPath == clean.folder)
        #expect(result.executionResult.notebookPath.hasPrefix(clean.folder + "/"))
        for name in ["results.json", "notebook.ipynb", "execution_metadata.json", PendingState.decisionFileName] {
            #expect(FileManager.default.fileExists(atPath: clean.folder + "/" + name), "\(name) in the resumed folder")
        }
        let strays = try FileManager.default.subpathsOfDirectory(atPath: elsewhere).sorted()
        #expect(strays == ["attempts", "context.json"], "nothing is written elsewhere")
        #expect(!FileManager.default.fileExists(atPath: harness.root.appendingPathComponent("escape.ipynb").path))
    }

    @Test func aPendingFileCopiedIntoAnotherFolderIsRefused() async throws {
        let harness = try WorkflowHarness()
        let marker = harness.root.appendingPathComponent("marker").path
        let first = try await paused(harness, marking(marker, "first"))
        let second = try await paused(harness, "results = {'second': True}")
        let copied = try Data(contentsOf: URL(fileURLWithPath: first.folder + "/" + PendingState.fileName))
        try copied.write(to: URL(fileURLWithPath: second.folder + "/" + PendingState.fileName))
        let error = await failure { try await harness.service(StaticCodeGenerator(code: "")).resume(folder: second.folder, decision: .approved()) }
        #expect(error == .approval(.sealBroken(folder: second.folder)))
        #expect(lines(marker).isEmpty)
    }

    @Test func aFullDiskAtResumeLeavesTheApprovalPending() async throws {
        let disk = try TmpfsMount(kilobytes: 4096)
        defer { disk.unmount() }
        let harness = try WorkflowHarness()
        var configuration = harness.configuration(approval: .allCode)
        configuration.filePaths.agentDataDir = disk.path + "/data"
        let marker = harness.root.appendingPathComponent("marker").path
        let pending = try await paused(harness, marking(marker), configuration: configuration)

        disk.fill()
        let service = try harness.service(StaticCodeGenerator(code: ""), configuration: configuration)
        let error = await failure { try await service.resume(folder: pending.folder, decision: .approved()) }
        guard case .approval(.decisionNotRecorded)? = error else { Issue.record("expected decisionNotRecorded, got \(String(describing: error))"); return }
        #expect(FileManager.default.fileExists(atPath: pending.folder + "/" + PendingState.fileName), "the approval is still pending")
        #expect(!FileManager.default.fileExists(atPath: pending.folder + "/" + PendingState.decisionFileName))
        #expect(lines(marker).isEmpty)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: pending.folder).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "no temporary files stay behind")

        disk.free()
        let result = success(try await service.resume(folder: pending.folder, decision: .approved()))
        #expect(result?.executionResult.results["ran"] == .string("ran"))
        #expect(lines(marker) == ["ran"])
    }

    @Test func twoResumesOfOneApprovalRunTheCodeOnce() async throws {
        let harness = try WorkflowHarness()
        let marker = harness.root.appendingPathComponent("marker").path
        let pending = try await paused(harness, marking(marker))
        let first = try harness.service(StaticCodeGenerator(code: "")), second = try harness.service(StaticCodeGenerator(code: ""))
        async let a = Result { () async throws(PythonExecutorError) in try await first.resume(folder: pending.folder, decision: .approved()) }
        async let b = Result { () async throws(PythonExecutorError) in try await second.resume(folder: pending.folder, decision: .approved()) }
        let outcomes = await [a, b]
        let successes = outcomes.filter { if case .success(.success) = $0 { return true } else { return false } }
        let refusals = outcomes.filter { $0 == .failure(.approval(.alreadyDecided(folder: pending.folder))) }
        #expect(successes.count == 1 && refusals.count == 1, "got \(outcomes)")
        #expect(lines(marker) == ["ran"], "the code ran once")
        let third = await failure { try await first.resume(folder: pending.folder, decision: .rejected(reason: "late")) }
        #expect(third == .approval(.alreadyDecided(folder: pending.folder)))
        #expect(third?.description.contains("already decided") == true)
    }

    @Test func theKeyLivesOutsideTheFolderAndIsPrivate() async throws {
        let harness = try WorkflowHarness()
        let pending = try await paused(harness, "results = {}")
        let text = try String(contentsOfFile: pending.folder + "/" + PendingState.fileName, encoding: .utf8)
        #expect(text.contains("\"seal\""))
        var info = stat()
        #expect(stat(ApprovalKey.defaultPath(), &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600 && info.st_size == 32)
        #expect(!ApprovalKey.defaultPath().hasPrefix(harness.root.path))
        #expect(ApprovalKey.defaultPath(environment: ["XDG_CONFIG_HOME": "/x/cfg"]) == "/x/cfg/pyexec/approval.key")

        let loose = harness.root.appendingPathComponent("loose.key").path
        try Data(repeating: 7, count: 32).write(to: URL(fileURLWithPath: loose))
        chmod(loose, 0o644)
        #expect(throws: ApprovalError.self) { try ApprovalKey.load(path: loose) }
        let fresh = harness.root.appendingPathComponent("new/approval.key").path
        let created = try ApprovalKey.load(path: fresh)
        #expect(stat(fresh, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(try ApprovalKey.load(path: fresh).key == created.key, "the key is made once and then read")
    }
}

extension Result where Failure == PythonExecutorError {
    /// The result of `body`.
    init(catching body: () async throws(PythonExecutorError) -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
