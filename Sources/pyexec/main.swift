import PyExecCLI

await PyExec.start()
