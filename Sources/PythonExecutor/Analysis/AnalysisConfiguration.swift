/// What the static analysis looks for, and the policy it applies.
///
/// Patterns name functions and methods, not substrings:
/// - `caput` matches any call of a function or method with that name, however it was
///   imported or renamed (`caput(…)`, `epics.caput(…)`, `cp(…)` after
///   `from epics import caput as cp`), and the function passed as a value.
/// - `epics.caput` (dotted) matches the function with that qualified name, and
///   `PV.put` also matches the method `put` on an object made by a call to `PV`
///   (`PV('X').put(…)`, or `pv.put(…)` after `pv = PV('X')`, `pvs = [PV(n) …]`,
///   `for pv in pvs`). Assigning or reading an attribute (`PV.value`) counts too.
/// - `.put` (leading dot) matches the method `put` on anything.
///
/// The reference's regular-expression spellings (`\bcaput\s*\(`, `PV\([^)]*\)\.put`,
/// `\.write_channel\(`) are accepted and read the same way; a pattern that names no
/// function is ignored with a warning.
public struct AnalysisConfiguration: Sendable, Hashable, Codable {
    /// Channel writes the analysis recognises by default (EPICS pyepics and caproto, Tango, LabVIEW, generic).
    public static let defaultWritePatterns: [String] = [
        "caput", "caput_many", "PV.put", "get_pv.put", "PV.value", "get_pv.value",
        "get_pvs.write", "caproto.sync.client.write",
        "DeviceProxy.write_attribute", "DeviceProxy.write_attributes", "DeviceProxy.write_read_attribute",
        "set_control", "write_channel", "write_channels",
    ]

    /// Channel reads the analysis recognises by default.
    public static let defaultReadPatterns: [String] = [
        "caget", "caget_many", "PV.get", "get_pv.get", "PV.value", "get_pv.value",
        "get_pvs.read", "caproto.sync.client.read",
        "DeviceProxy.read_attribute", "DeviceProxy.read_attributes",
        "read_channel", "read_channels",
    ]

    /// Whether code may write to the control system at all (`control_system.writes_enabled`).
    public var writesEnabled: Bool
    /// Functions and methods that write to channels (see the type's documentation for the syntax).
    public var writePatterns: [String]
    /// Functions and methods that read channels.
    public var readPatterns: [String]
    /// The folder the code runs in; writing a file outside it is a warning. Relative paths
    /// in the code count as inside. Without a folder, absolute paths count as outside.
    public var executionFolder: String?
    /// Whether the code runs with the execution folder as its working directory, so a
    /// relative path lands in it (the process tier). When `false` (in-process runs,
    /// which cannot change directory), writing to a relative path is a warning.
    public var relativePathsInFolder: Bool

    /// Creates a configuration; by default writes are disabled and the default patterns apply.
    public init(
        writesEnabled: Bool = false,
        writePatterns: [String] = AnalysisConfiguration.defaultWritePatterns,
        readPatterns: [String] = AnalysisConfiguration.defaultReadPatterns,
        executionFolder: String? = nil,
        relativePathsInFolder: Bool = true
    ) {
        self.writesEnabled = writesEnabled
        self.writePatterns = writePatterns
        self.readPatterns = readPatterns
        self.executionFolder = executionFolder
        self.relativePathsInFolder = relativePathsInFolder
    }

    /// The same configuration with more patterns (configured names that extend the defaults).
    public func addingPatterns(writes: [String] = [], reads: [String] = []) -> AnalysisConfiguration {
        var copy = self
        copy.writePatterns += writes.filter { !copy.writePatterns.contains($0) }
        copy.readPatterns += reads.filter { !copy.readPatterns.contains($0) }
        return copy
    }

    /// Reads a configuration; missing keys take their defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            writesEnabled: try container.decodeIfPresent(Bool.self, forKey: .writesEnabled) ?? false,
            writePatterns: try container.decodeIfPresent([String].self, forKey: .writePatterns) ?? Self.defaultWritePatterns,
            readPatterns: try container.decodeIfPresent([String].self, forKey: .readPatterns) ?? Self.defaultReadPatterns,
            executionFolder: try container.decodeIfPresent(String.self, forKey: .executionFolder),
            relativePathsInFolder: try container.decodeIfPresent(Bool.self, forKey: .relativePathsInFolder) ?? true)
    }

    enum CodingKeys: String, CodingKey {
        case writesEnabled = "writes_enabled", writePatterns = "write_patterns"
        case readPatterns = "read_patterns", executionFolder = "execution_folder"
        case relativePathsInFolder = "relative_paths_in_folder"
    }
}
