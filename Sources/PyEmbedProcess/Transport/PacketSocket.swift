import ProcessShim
#if canImport(Glibc)
import Glibc
#endif

/// One end of a `SOCK_SEQPACKET` Unix socket: whole packets, each with
/// optional descriptors attached.
struct PacketSocket {
    /// The most bytes one packet may carry.
    static let maxPacket = 64 * 1024

    /// The descriptor.
    let fd: Int32

    /// What one receive produced.
    enum Received {
        /// A packet and the descriptors that came with it (now owned by the receiver).
        case packet([UInt8], fds: [Int32])
        /// The other end closed.
        case closed
        /// Nothing to read now (non-blocking socket).
        case wouldBlock
    }

    /// Sends one packet (`sendmsg`), with `fds` attached.
    func send(_ message: ControlMessage, fds: [Int32] = []) throws(SystemCallError) {
        try send(message.bytes, fds: fds)
    }

    /// Sends raw bytes (`sendmsg`), with `fds` attached.
    func send(_ bytes: [UInt8], fds: [Int32] = []) throws(SystemCallError) {
        let sent = bytes.withUnsafeBytes { buffer in
            fds.withUnsafeBufferPointer { pshim_send_with_fds(fd, buffer.baseAddress, buffer.count, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == bytes.count else { throw SystemCallError("sendmsg", code: sent < 0 ? errno : EMSGSIZE) }
    }

    /// Receives one packet (`recvmsg`).
    func receive() throws(SystemCallError) -> Received {
        var buffer = [UInt8](repeating: 0, count: Self.maxPacket)
        var fds = [Int32](repeating: -1, count: Int(PSHIM_MAX_FDS))
        var count: Int32 = 0
        let received = buffer.withUnsafeMutableBytes { bytes in
            pshim_receive_with_fds(fd, bytes.baseAddress, bytes.count, &fds, PSHIM_MAX_FDS, &count)
        }
        if received < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
            throw SystemCallError("recvmsg")
        }
        if received == 0 && count == 0 { return .closed }
        return .packet(Array(buffer[..<received]), fds: Array(fds[..<Int(count)]))
    }
}
