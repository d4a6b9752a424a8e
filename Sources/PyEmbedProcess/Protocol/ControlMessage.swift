/// A message on the control socket between the host and a worker process
/// (one `SOCK_SEQPACKET` packet each, little-endian; descriptors ride along
/// as `SCM_RIGHTS`). Documented in `Documentation/WireFormat.md`.
enum ControlMessage: Equatable {
    /// Worker → host: Python is up and the preload list imported (`pid`, whether
    /// runs have a PID namespace of their own, what was preloaded).
    case ready(pid: Int32, isolatesProcessIDs: Bool, preloaded: String)
    /// Worker → host: the worker could not start; it exits after sending this.
    case startFailed(String)
    /// Host → worker: run the job whose descriptors come with the packet
    /// (result socket, stdout, stderr, job file).
    case run(id: UInt64)
    /// Worker → host: the run's process started.
    case started(id: UInt64, pid: Int32)
    /// Worker → host: the run's process ended (wait status, CPU time, peak memory).
    case ended(id: UInt64, status: Int32, cpuMicroseconds: Int64, maxResidentKiB: Int64)
    /// Host → worker: kill the run's process group now.
    case kill(id: UInt64)

    private enum Tag: UInt8 {
        case ready = 1, startFailed, run, started, ended, kill
    }

    /// The packet's bytes.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        switch self {
        case let .ready(pid, isolatesProcessIDs, preloaded):
            out.append(Tag.ready.rawValue); out.appendLE(UInt32(bitPattern: pid)); out.append(isolatesProcessIDs ? 1 : 0)
            out += Array(preloaded.utf8)
        case let .startFailed(message):
            out.append(Tag.startFailed.rawValue); out += Array(message.utf8)
        case let .run(id):
            out.append(Tag.run.rawValue); out.appendLE(id)
        case let .started(id, pid):
            out.append(Tag.started.rawValue); out.appendLE(id); out.appendLE(UInt32(bitPattern: pid))
        case let .ended(id, status, cpu, rss):
            out.append(Tag.ended.rawValue); out.appendLE(id); out.appendLE(UInt32(bitPattern: status))
            out.appendLE(UInt64(bitPattern: cpu)); out.appendLE(UInt64(bitPattern: rss))
        case let .kill(id):
            out.append(Tag.kill.rawValue); out.appendLE(id)
        }
        return out
    }

    /// Parses a packet; `nil` for anything malformed.
    init?(_ bytes: ArraySlice<UInt8>) {
        var reader = LittleEndianReader(bytes)
        guard let raw = reader.byte(), let tag = Tag(rawValue: raw) else { return nil }
        switch tag {
        case .ready:
            guard let pid = reader.u32(), let isolates = reader.byte(), isolates <= 1 else { return nil }
            self = .ready(pid: Int32(bitPattern: pid), isolatesProcessIDs: isolates == 1, preloaded: reader.restAsText())
        case .startFailed:
            self = .startFailed(reader.restAsText())
        case .run:
            guard let id = reader.u64(), reader.isAtEnd else { return nil }
            self = .run(id: id)
        case .started:
            guard let id = reader.u64(), let pid = reader.u32(), reader.isAtEnd else { return nil }
            self = .started(id: id, pid: Int32(bitPattern: pid))
        case .ended:
            guard let id = reader.u64(), let status = reader.u32(), let cpu = reader.u64(), let rss = reader.u64(),
                  reader.isAtEnd else { return nil }
            self = .ended(id: id, status: Int32(bitPattern: status), cpuMicroseconds: Int64(bitPattern: cpu), maxResidentKiB: Int64(bitPattern: rss))
        case .kill:
            guard let id = reader.u64(), reader.isAtEnd else { return nil }
            self = .kill(id: id)
        }
    }
}

extension [UInt8] {
    /// Appends `value` in little-endian byte order.
    mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

/// Reads little-endian integers from a packet, answering `nil` past its end.
struct LittleEndianReader {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { bytes.isEmpty }

    mutating func byte() -> UInt8? { bytes.popFirst() }

    mutating func u32() -> UInt32? { integer() }

    mutating func u64() -> UInt64? { integer() }

    mutating func restAsText() -> String {
        defer { bytes = [] }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func integer<T: FixedWidthInteger>() -> T? {
        let size = MemoryLayout<T>.size
        guard bytes.count >= size else { return nil }
        var value: T = 0
        for (shift, byte) in bytes.prefix(size).enumerated() { value |= T(byte) << (shift * 8) }
        bytes = bytes.dropFirst(size)
        return value
    }
}
