import Foundation
import PyEmbed
import Testing

@testable import PythonExecutor

/// Runs the analysis on the shared runtime.
private func analyze(_ code: String, _ configuration: AnalysisConfiguration = AnalysisConfiguration()) async throws -> AnalysisReport {
    try await StaticAnalyzer(configuration: configuration).analyze(code, runtime: PythonRuntime.start())
}

private let writesAllowed = AnalysisConfiguration(writesEnabled: true)

@Suite("Static analysis")
struct StaticAnalysisTests {
    // MARK: 1. Syntax

    @Test func syntaxErrorHasLineColumnAndBlocks() async throws {
        let report = try await analyze("a = 1\nb = (2,\n")
        let problem = try #require(report.syntaxError)
        #expect(problem.line == 2)
        #expect(problem.column == 5)
        #expect(problem.message.contains("never closed"))
        #expect(problem.text == "b = (2,")
        #expect(!report.passed)
        #expect(report.blockingIssues.first?.contains("line 2, column 5") == true)
    }

    @Test func invalidSyntaxInsideDefinition() async throws {
        let report = try await analyze("x = 1\ndef f(:\n    pass\n")
        #expect(report.syntaxError?.line == 2)
        #expect(report.syntaxError?.column == 7)
        #expect(!report.passed)
    }

    @Test func validCodeHasNoSyntaxProblem() async throws {
        let report = try await analyze("import math\nresults = {'pi': math.pi}\n")
        #expect(report.syntaxError == nil)
        #expect(report.passed)
        #expect(report.warnings.isEmpty)
        #expect(report.executionMode == .readOnly)
    }

    @Test func nulByteIsASyntaxProblem() async throws {
        let report = try await analyze("results = {}\ns = 'a\u{0}b'\n")
        #expect(report.syntaxError != nil)
        #expect(!report.passed)
    }

    // MARK: 2. Security

    @Test func namesInStringsAndCommentsAreNotFlagged() async throws {
        let code = """
            note = "eval('1') and os.system('rm') and import subprocess"  # exec(x), __import__('os')
            doc = '''subprocess.run(['ls'])'''
            results = {'note': note, 'doc': doc}
            """
        let report = try await analyze(code)
        #expect(report.securityFindings.isEmpty)
        #expect(report.passed)
    }

    @Test(arguments: [
        ("eval('1 + 1')", SecurityFinding.Kind.codeExecution, "eval"),
        ("exec('x = 1')", .codeExecution, "exec"),
        ("compile('x', 'f', 'exec')", .codeExecution, "compile"),
        ("m = __import__('os')", .dynamicImport, "__import__"),
        ("import os as o\no.system('ls')", .processExecution, "os.system"),
        ("from os import popen\npopen('ls')", .processExecution, "os.popen"),
        ("import os\nos.execv('/bin/ls', ['ls'])", .processExecution, "os.execv"),
        ("import os\nos.spawnlp(0, 'ls', 'ls')", .processExecution, "os.spawnlp"),
        ("from subprocess import run as r\nr(['ls'])", .processExecution, "subprocess.run"),
        ("import subprocess", .processExecution, "subprocess"),
        ("import ctypes", .nativeCode, "ctypes"),
        ("from ctypes import CDLL\nCDLL(None)", .nativeCode, "ctypes.CDLL"),
        ("import importlib\nname = 'o' + 's'\nm = importlib.import_module(name)", .dynamicImport, "importlib.import_module"),
        ("import importlib\nsp = importlib.import_module('subprocess')", .processExecution, "subprocess"),
        ("e = eval\ne('1')", .codeExecution, "eval"),
        ("import os\ngetattr(os, 'system')('ls')", .processExecution, "os.system"),
        ("import sys\nsys.modules['subprocess'].run(['ls'])", .processExecution, "subprocess.run"),
        ("x = f'{eval(\"1\")}'", .codeExecution, "eval"),
    ])
    func dangerousCodeIsBlocked(code: String, kind: SecurityFinding.Kind, name: String) async throws {
        let report = try await analyze(code + "\nresults = {}\n")
        let finding = try #require(report.securityFindings.first { $0.kind == kind && $0.name == name }, "\(report.securityFindings)")
        #expect(finding.severity == .error)
        #expect(finding.line >= 1)
        #expect(!report.passed)
        #expect(report.blockingIssues.contains { $0.contains(finding.message) })
    }

    @Test(arguments: [
        "import os\nresults = {'p': os.path.join('a', 'b'), 'cwd': os.getcwd()}",
        "import re\nresults = {'m': bool(re.compile('a+').match('aa'))}",
        "import importlib\nm = importlib.import_module('math')\nresults = {'pi': m.pi}",
        "def eval(x):\n    return x\nresults = {'v': eval(3)}",
        "results = {'v': model.eval(), 'w': df.eval('a + b'), 'x': cursor.execute('q')}",
        "with open('data.csv') as f:\n    results = {'text': f.read()}",
    ])
    func harmlessLookalikesPass(code: String) async throws {
        let report = try await analyze(code)
        #expect(report.securityFindings.isEmpty, "\(report.securityFindings)")
        #expect(report.passed, "\(report.blockingIssues)")
    }

    @Test func fileWriteOutsideFolderIsAWarningInsideIsNot() async throws {
        let folder = "/work/executions/run_1"
        let configuration = AnalysisConfiguration(executionFolder: folder)
        let outside = try await analyze("f = open('/tmp/x', 'w')\nresults = {}", configuration)
        let finding = try #require(outside.securityFindings.first)
        #expect(finding.kind == .fileWrite && finding.severity == .warning && finding.name == "/tmp/x")
        #expect(outside.passed)
        #expect(outside.warnings.contains { $0.contains("/tmp/x") })

        for inside in [
            "f = open('\(folder)/out.txt', 'w')", "f = open('out.txt', 'a')", "f = open('sub/../out.txt', 'x')",
            "f = open('/tmp/x')", "f = open('/etc/passwd', 'rb')",
        ] {
            let report = try await analyze(inside + "\nresults = {}", configuration)
            #expect(report.securityFindings.isEmpty, "\(inside): \(report.securityFindings)")
        }
    }

    @Test(arguments: [
        ("f = open('../escape.txt', 'a')", "../escape.txt"),
        ("from pathlib import Path\nPath('/tmp/a.txt').write_text('x')", "/tmp/a.txt"),
        ("from pathlib import Path\np = Path('/tmp') / 'b.txt'\np.write_bytes(b'x')", "/tmp/b.txt"),
        ("import numpy as np\nnp.save('/tmp/a.npy', [1])", "/tmp/a.npy"),
        ("df.to_csv('/var/tmp/a.csv')", "/var/tmp/a.csv"),
        ("import shutil\nshutil.rmtree('/srv/data')", "/srv/data"),
        ("with open(file='/tmp/y', mode='w+') as f:\n    pass", "/tmp/y"),
    ])
    func otherFileWritesOutsideFolderWarn(code: String, path: String) async throws {
        let report = try await analyze(code + "\nresults = {}", AnalysisConfiguration(executionFolder: "/work/run"))
        #expect(report.securityFindings.map(\.name) == [path])
        #expect(report.securityFindings.allSatisfy { $0.severity == .warning })
        #expect(report.passed)
    }

    // MARK: 3. Control-system operations

    @Test func dictGetIsNotAChannelRead() async throws {
        let report = try await analyze("d = {}\nv = d.get('x')\nq.put(3)\nf.write('text')\nresults = {'v': v}")
        #expect(report.channelReads.isEmpty)
        #expect(report.channelWrites.isEmpty)
        #expect(report.executionMode == .readOnly)
    }

    @Test func aliasedCaputIsAWrite() async throws {
        let report = try await analyze("from epics import caput as cp\ncp('X', 1)\nresults = {}", writesAllowed)
        let write = try #require(report.channelWrites.first)
        #expect(report.channelWrites.count == 1)
        #expect(write.function == "epics.caput" && write.channel == "X" && write.line == 2)
        #expect(report.executionMode == .writeAccess)
        #expect(report.passed)
    }

    @Test func pvObjectPutIsAWriteAndGetIsARead() async throws {
        let report = try await analyze("from epics import PV\npv = PV('X')\npv.put(3)\nv = pv.get()\nresults = {'v': v}", writesAllowed)
        #expect(report.channelWrites.map(\.channel) == ["X"])
        #expect(report.channelWrites.first?.function == "epics.PV.put")
        #expect(report.channelReads.map(\.channel) == ["X"])
        #expect(report.channelReads.first?.line == 4)
    }

    @Test(arguments: [
        ("import epics\nepics.caput('A:B', 2)", "epics.caput", "A:B"),
        ("caput('A:B', 2)", "caput", "A:B"),
        ("import epics\nepics.PV('Q').put(1)", "epics.PV.put", "Q"),
        ("from epics import caput_many\ncaput_many(['A'], [1])", "epics.caput_many", "A"),
        ("from epics import PV\npv = PV('X')\npv.value = 4", "epics.PV.value", "X"),
        ("from caproto.threading.client import Context\na, b = Context().get_pvs('A', 'B')\nb.write([1])", "get_pvs.write", "B"),
        ("import tango\ndev = tango.DeviceProxy('sys/tg/1')\ndev.write_attribute('ampli', 3)",
         "tango.DeviceProxy.write_attribute", "sys/tg/1/ampli"),
        ("set_control('Knob', 3)", "set_control", "Knob"),
        ("write_channel('X', 1)", "write_channel", "X"),
        ("client.write_channels({'A': 1})", "client.write_channels", "A"),
        ("from epics import caput\nimport concurrent.futures as cf\ncf.ThreadPoolExecutor().submit(caput, 'X', 1)", "epics.caput", nil),
        ("import epics\ngetattr(epics, 'caput')('X', 1)", "epics.caput", "X"),
        ("from epics import *\ncaput('X', 1)", "epics.caput", "X"),
        ("from epics import PV\ndef make(name):\n    return PV(name)\npv = make('X')\npv.put(1)", "epics.PV.put", nil),
        ("from epics import PV\nclass Rig:\n    def __init__(self):\n        self.pv = PV('Z')\n    def go(self):\n        self.pv.put(1)",
         "epics.PV.put", "Z"),
        ("import tango\nwith tango.DeviceProxy('a/b/c') as dev:\n    dev.write_attribute('x', 1)", "tango.DeviceProxy.write_attribute", "a/b/c/x"),
    ])
    func writesAreDetected(code: String, function: String, channel: String?) async throws {
        let report = try await analyze(code + "\nresults = {}", writesAllowed)
        #expect(report.channelWrites.map(\.function) == [function], "\(report.channelWrites)")
        #expect(report.channelWrites.first?.channel == channel)
        #expect(report.executionMode == .writeAccess)
    }

    @Test func pvsInAListAreTracked() async throws {
        let code = "import epics\npvs = [epics.PV(n) for n in names]\nfor p in pvs:\n    p.put(0)\nvalues = [p.get() for p in pvs]\nresults = {}"
        let report = try await analyze(code, writesAllowed)
        #expect(report.channelWrites.map(\.line) == [4])
        #expect(report.channelReads.map(\.line) == [5])
        #expect(report.channelWrites.first?.channel == nil)
    }

    @Test func readsAreDetectedAndKeepReadOnlyMode() async throws {
        let code = """
            import epics
            from caproto.sync.client import read
            import tango
            a = epics.caget('A:C')
            b = read('B')
            c = tango.DeviceProxy('d/e/f').read_attribute('state')
            d = read_channel('D')
            results = {'a': a}
            """
        let report = try await analyze(code)
        #expect(report.channelReads.map(\.channel) == ["A:C", "B", "d/e/f/state", "D"])
        #expect(report.channelWrites.isEmpty)
        #expect(report.executionMode == .readOnly)
        #expect(report.passed)
    }

    @Test func configuredPatternsExtendOrReplaceTheDefaults() async throws {
        let code = "set_magnet('Q1', 3.5)\ncaput('X', 1)\nresults = {}"
        let defaults = try await analyze(code, writesAllowed)
        #expect(defaults.channelWrites.map(\.function) == ["caput"])

        let extended = try await analyze(code, writesAllowed.addingPatterns(writes: ["set_magnet("]))
        #expect(extended.channelWrites.map(\.function) == ["set_magnet", "caput"])
        #expect(extended.channelWrites.first?.channel == "Q1")
        #expect(extended.channelWrites.first?.pattern == "set_magnet(")

        let replaced = try await analyze(code, AnalysisConfiguration(writesEnabled: true, writePatterns: ["set_magnet"]))
        #expect(replaced.channelWrites.map(\.function) == ["set_magnet"])
    }

    @Test func referenceRegexPatternsAreUnderstood() async throws {
        let configuration = AnalysisConfiguration(
            writesEnabled: true, writePatterns: [#"PV\([^)]*\)\.put"#, #"\.write_pv\("#], readPatterns: [#"\bcaget\s*\("#])
        let code = "pv = PV('A')\npv.put(1)\nmock.write_pv('B', 2)\nv = caget('C')\nd.get('x')\nresults = {}"
        let report = try await analyze(code, configuration)
        #expect(report.channelWrites.map(\.channel) == ["A", "B"])
        #expect(report.channelReads.map(\.channel) == ["C"])
    }

    @Test func unusablePatternIsIgnoredWithAWarning() async throws {
        let configuration = AnalysisConfiguration(writePatterns: ["caput", "[bad"])
        let report = try await analyze("results = {}", configuration)
        #expect(report.passed)
        #expect(report.warnings.contains { $0.contains("[bad") })
    }

    // MARK: 4. results

    @Test(arguments: [
        "results = {}", "results: dict = {'a': 1}", "results = {}\nresults |= {'b': 2}",
        "if True:\n    results = {'a': 1}", "for i in range(1):\n    results = {'i': i}",
        "def fill():\n    global results\n    results = {'a': 1}\nfill()", "(results := {'a': 1})",
        "globals()['results'] = {'a': 1}", "try:\n    results = {}\nexcept Exception:\n    pass",
    ])
    func resultsAssignmentIsFound(code: String) async throws {
        let report = try await analyze(code)
        #expect(report.assignsResults)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
    }

    @Test(arguments: [
        "x = 1", "results: dict", "results['a'] = 1", "def f():\n    results = {}\n    return results",
        "class C:\n    results = {}", "r = [results for results in range(3)]", "s = 'results = {}'",
    ])
    func missingResultsIsAWarningNotABlock(code: String) async throws {
        let report = try await analyze(code)
        #expect(!report.assignsResults)
        #expect(report.passed)
        #expect(report.warnings.contains { $0.contains("results") })
    }

    // MARK: 5. Policy

    @Test func writesWhileDisabledBlock() async throws {
        let code = "from epics import caput\ncaput('SR:CURRENT', 500)\nresults = {}"
        let disabled = try await analyze(code)
        #expect(!disabled.passed)
        #expect(disabled.executionMode == .writeAccess)
        let issue = try #require(disabled.blockingIssues.first)
        #expect(issue.hasPrefix("control-system writes are disabled"))
        #expect(issue.contains("SR:CURRENT"))

        let enabled = try await analyze(code, writesAllowed)
        #expect(enabled.passed)
        #expect(enabled.executionMode == .writeAccess)
    }

    @Test func readsAloneNeverBlock() async throws {
        let report = try await analyze("from epics import caget\nresults = {'v': caget('X')}")
        #expect(report.passed)
        #expect(report.channelReads.count == 1)
        #expect(report.executionMode == .readOnly)
    }

    // MARK: Infrastructure

    @Test func analysedCodeIsNeverRun() async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("pyexec-analysis-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: marker) }
        let code = "open(\(String(reflecting: marker.path)), 'w').write('ran')\nraise SystemExit(3)\nresults = {}"
        let report = try await analyze(code, AnalysisConfiguration(executionFolder: marker.deletingLastPathComponent().path))
        #expect(report.passed)
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }

    @Test func tooDeeplyNestedCodeIsReportedNotThrown() async throws {
        let code = "x = " + Array(repeating: "a", count: 20000).joined(separator: " + ") + "\nresults = {}"
        let report = try await analyze(code)
        #expect(!report.passed)
        #expect(report.blockingIssues.contains { $0.contains("could not be analysed") || $0.contains("Syntax error") })
    }

    @Test func loneSurrogateInALiteralDoesNotBreakTheReport() async throws {
        let report = try await analyze("caput('\\ud800', 1)\nresults = {}", writesAllowed)
        #expect(report.channelWrites.first?.channel == "\u{FFFD}")
    }

    @Test func helperSurvivesAResetOfItsNamespace() async throws {
        let runtime = try PythonRuntime.start()
        _ = try await analyze("results = {}")
        runtime.resetNamespace(AnalysisHelper.namespaceName)
        let report = try await analyze("eval('1')\nresults = {}")
        #expect(report.securityFindings.map(\.name) == ["eval"])
    }

    @Test func manyConcurrentAnalysesGetTheirOwnAnswers() async throws {
        let runtime = try PythonRuntime.start()
        let analyzer = StaticAnalyzer(configuration: writesAllowed)
        let reports = try await withThrowingTaskGroup(of: (Int, AnalysisReport).self) { group in
            for index in 0..<48 {
                group.addTask {
                    let code = index.isMultiple(of: 2)
                        ? "from epics import caput\ncaput('CH:\(index)', \(index))\nresults = {}"
                        : "import os\nos.system('echo \(index)')\nx = \(index)"
                    return (index, try await analyzer.analyze(code, runtime: runtime))
                }
            }
            var collected: [Int: AnalysisReport] = [:]
            for try await (index, report) in group { collected[index] = report }
            return collected
        }
        #expect(reports.count == 48)
        for (index, report) in reports {
            if index.isMultiple(of: 2) {
                #expect(report.channelWrites.map(\.channel) == ["CH:\(index)"])
                #expect(report.passed && report.assignsResults)
            } else {
                #expect(report.securityFindings.map(\.name) == ["os.system"])
                #expect(report.securityFindings.first?.line == 2)
                #expect(!report.passed && !report.assignsResults)
            }
        }
    }

    @Test func configurationDecodesWithDefaults() throws {
        let decoded = try JSONDecoder().decode(AnalysisConfiguration.self, from: Data(#"{"writes_enabled": true}"#.utf8))
        #expect(decoded == AnalysisConfiguration(writesEnabled: true))
        #expect(decoded.writePatterns.contains("caput"))
    }

    @Test func reportRoundTripsThroughJSON() async throws {
        let report = try await analyze("from epics import caput\ncaput('X', 1)\nimport subprocess\n")
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(AnalysisReport.self, from: data) == report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["execution_mode"] as? String == "write_access")
        #expect((object["blocking_issues"] as? [String])?.count == 2)
    }
}
