import PyExecCLI

await PyExec.runFromCommandLine()
