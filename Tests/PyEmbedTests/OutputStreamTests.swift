@testable import PyEmbed
import Testing

/// The capture streams behave like text streams to code that uses more than `print`.
@Suite("captured output streams")
struct OutputStreamTests {
    @Test func bytesWrittenToTheBufferAreCaptured() throws {
        let output = try python().withGIL { gil in
            try gil.run("""
            import sys, io
            sys.stdout.buffer.write(b'caf\\xc3\\xa9\\n')
            sys.stdout.buffer.flush()
            sys.stderr.buffer.write(bytearray(b'err\\n'))
            print(sys.stdout.encoding, sys.stdout.errors, sys.stdout.isatty())
            try:
                sys.stdout.fileno()
                fileno = 'a descriptor'
            except io.UnsupportedOperation:
                fileno = 'unsupported'
            """)
        }
        #expect(output.stdout == "café\nutf-8 strict False\n")
        #expect(output.stderr == "err\n")
        let fileno = try python().withGIL { gil in try output.value("fileno", as: String.self, gil) }
        #expect(fileno == "unsupported")
    }
}
