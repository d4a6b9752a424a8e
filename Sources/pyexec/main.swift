import PyExecCLI

await PyExec.main()
