import ShowcaseCLI

ShowcaseCommand.main()
