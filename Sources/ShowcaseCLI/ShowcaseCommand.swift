import ArgumentParser

/// `showcase`: the one command publicity staff run.
package struct ShowcaseCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "showcase",
        abstract: "把 content/ 和 templates/ 生成为完整的静态网站 / Build the federation's static site.",
        subcommands: [BuildCommand.self, CheckCommand.self, StatsCommand.self, ExportCommand.self],
        defaultSubcommand: BuildCommand.self
    )
    package init() {}
}
