import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// A caproto IOC (`Examples/control_room/ioc.py`) serving on 127.0.0.1 only, on a free
/// port, with no broadcasts; stopped (killed and reaped) by ``stop()``.
final class TestIOC: @unchecked Sendable {
    /// The Channel Access port (UDP search and TCP).
    let port: Int
    private let process: Process
    let log: URL

    /// The repository's root (this file is in `Tests/PythonExecutorTests`).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = repository.appendingPathComponent(".venv/bin/python").path
    static let script = repository.appendingPathComponent("Examples/control_room/ioc.py").path

    /// What a Channel Access client needs to find this IOC and nothing else.
    var clientEnvironment: [String: String] {
        ["EPICS_CA_ADDR_LIST": "127.0.0.1", "EPICS_CA_AUTO_ADDR_LIST": "NO", "EPICS_CA_SERVER_PORT": "\(port)"]
    }

    /// Starts the IOC and waits (polling, up to 60 s) until it accepts connections.
    init() async throws {
        port = try Self.freePort()
        log = FileManager.default.temporaryDirectory.appendingPathComponent("pyexec-ioc-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.script, "--interfaces", "127.0.0.1"]
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in [
            "EPICS_CA_SERVER_PORT": "\(port)", "EPICS_CAS_SERVER_PORT": "\(port)", "EPICS_CAS_INTF_ADDR_LIST": "127.0.0.1",
            "EPICS_CAS_AUTO_BEACON_ADDR_LIST": "NO", "EPICS_CAS_BEACON_ADDR_LIST": "127.0.0.1",
            "EPICS_CA_ADDR_LIST": "127.0.0.1", "EPICS_CA_AUTO_ADDR_LIST": "NO",
        ] { environment[name] = value }
        process.environment = environment
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while !Self.accepts(port) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw IOCError.notStarted((try? String(contentsOf: log, encoding: .utf8)) ?? "")
            }
            try await Task.sleep(for: .milliseconds(20))  // polling interval, bounded by the deadline above
        }
    }

    /// Kills the IOC and reaps it.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: log)
    }

    /// Whether the process is still alive.
    var isRunning: Bool { process.isRunning }

    /// The PV's value, read with caproto's own client in a separate process. Without
    /// `repeater=False` the client would spawn a CA repeater daemon that inherits the
    /// reader's stdout and holds the pipe open (the read would then wait for it forever).
    func read(_ pv: String) async throws -> Double {
        let environment = clientEnvironment
        return try await offThePool { try Self.read(pv, environment: environment) }
    }

    private static func read(_ pv: String, environment clientEnvironment: [String: String]) throws -> Double {
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: python)
        reader.arguments = ["-c", "import sys\nfrom caproto.sync.client import read\nprint(float(read(sys.argv[1], timeout=10, repeater=False).data[0]))", pv]
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in clientEnvironment { environment[name] = value }
        reader.environment = environment
        let out = Pipe()
        reader.standardOutput = out
        reader.standardError = FileHandle.nullDevice
        try reader.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        reader.waitUntilExit()
        guard reader.terminationStatus == 0, let value = Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw IOCError.readFailed(pv)
        }
        return value
    }

    enum IOCError: Error {
        case notStarted(String)
        case readFailed(String)
        case noPort
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw IOCError.noPort }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw IOCError.noPort }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
