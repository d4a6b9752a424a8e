import PyEmbedProcess

// The process tier's worker: see WorkerProcess. Started by WorkerPool and
// WorkerSession with its control socket as descriptor 3.
WorkerProcess.main(arguments: Array(CommandLine.arguments.dropFirst()))
