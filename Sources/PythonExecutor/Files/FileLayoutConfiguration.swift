/// Where execution folders go and how their links look (the reference's
/// `file_paths.agent_data_dir` and Jupyter read-container port).
public struct FileLayoutConfiguration: Sendable, Hashable {
    /// The agent data directory; execution folders go under `<it>/executed_scripts/`.
    /// A relative path is taken from the current directory.
    public var agentDataDirectory: String
    /// The host port of a Jupyter server that serves `executed_scripts/`. When set,
    /// links are `http://localhost:<port>/lab/tree/executed_scripts/<relative>`;
    /// when `nil`, they are `file://` URIs.
    public var jupyterPort: Int?

    /// Creates a layout; the data directory defaults to the reference's `_agent_data`.
    public init(agentDataDirectory: String = "_agent_data", jupyterPort: Int? = nil) {
        self.agentDataDirectory = agentDataDirectory
        self.jupyterPort = jupyterPort
    }
}
