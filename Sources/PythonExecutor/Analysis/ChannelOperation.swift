/// One control-system read or write found in the code.
public struct ChannelOperation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The function or method, resolved through aliases: `epics.caput`, `epics.PV.put`,
    /// `tango.DeviceProxy.write_attribute`, `write_channel`.
    public var function: String
    /// The configured pattern that matched.
    public var pattern: String
    /// The line, from 1.
    public var line: Int
    /// The column, from 1.
    public var column: Int
    /// The channel when the code names it with a literal (`'SR:CURRENT'`; Tango `device/attribute`).
    public var channel: String?

    /// Creates an operation.
    public init(function: String, pattern: String, line: Int, column: Int = 0, channel: String? = nil) {
        self.function = function
        self.pattern = pattern
        self.line = line
        self.column = column
        self.channel = channel
    }

    /// `epics.caput('SR:CURRENT') at line 3`.
    public var description: String {
        "\(function)(\(channel.map { "'\($0)'" } ?? "")) at line \(line)"
    }
}
