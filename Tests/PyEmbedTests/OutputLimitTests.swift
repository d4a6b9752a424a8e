@testable import PyEmbed
import Testing

@Suite("Output limits and run guards")
struct OutputLimitTests {
    @Test func outputBeyondTheLimitIsDroppedWithANote() async throws {
        let runtime = try python()
        let code = "import sys\nfor i in range(100):\n    print('x' * 99)\nsys.stdout.buffer.write(b'tail')\nsys.stderr.write('e' * 50)"
        let output = try await runtime.interpreter.run(code, options: RunOptions(outputLimit: 1000))
        #expect(output.stdout.hasPrefix(String(repeating: "x", count: 99) + "\n"))
        #expect(output.stdout.count < 1100)
        #expect(output.stdout.hasSuffix("[output truncated: 10004 characters written, the first 1000 kept (limit 1000)]\n"), "\(output.stdout.suffix(120))")
        #expect(output.stderr == String(repeating: "e", count: 50), "a stream under the limit has no note")
    }

    @Test func withoutALimitEverythingIsKept() async throws {
        let runtime = try python()
        let output = try await runtime.interpreter.run("print('y' * 100000)", options: RunOptions(outputLimit: nil))
        #expect(output.stdout == String(repeating: "y", count: 100_000) + "\n")
    }

    @Test func aFinishedRunReleasesItsGuardAtOnce() async throws {
        let runtime = try python()
        let box = WeakGuard()
        await runtime.interpreter.withGIL { gil in
            let runGuard = RunGuard(timeout: .seconds(3600))
            box.value = runGuard
            #expect(runGuard.begin(gil) == nil)
            #expect(runGuard.end(gil) == nil)
        }
        #expect(box.value == nil, "the hour-long timer of a finished run still holds its guard")
    }
}

/// A weak reference the test reads after the GIL scope.
private final class WeakGuard: @unchecked Sendable {
    weak var value: RunGuard?
}
