extension ExecutorConfiguration {
    /// The static analysis settings: writes are allowed only when both
    /// `control_system.writes_enabled` and `execution.modes.write_access.allows_writes`
    /// say so; the configured patterns add to the built-in ones (a configuration
    /// can widen what counts as a channel access, never narrow it).
    /// Relative file paths count as inside the execution folder only in a tier
    /// that runs there (``Isolation/runsInExecutionFolder``).
    var analysisConfiguration: AnalysisConfiguration {
        var configuration = AnalysisConfiguration(writesEnabled: controlSystem.writesEnabled && execution.modes.writeAccess.allowsWrites)
            .addingPatterns(writes: controlSystem.patterns.write ?? [], reads: controlSystem.patterns.read ?? [])
        configuration.relativePathsInFolder = execution.isolation.runsInExecutionFolder
        return configuration
    }

    /// Where files go and how links are made (`file_paths.agent_data_dir`,
    /// `services.jupyter.containers.read.port_host`).
    var fileLayout: FileLayoutConfiguration {
        FileLayoutConfiguration(agentDataDirectory: filePaths.agentDataDir, jupyterPort: services.jupyter.read?.portHost)
    }
}
