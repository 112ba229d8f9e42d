import ModelBindCLI

await ModelBindCommand.main()
