import ArgumentParser

/// `showcase`: the one command publicity staff run.
@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
package struct ShowcaseCommand: AsyncParsableCommand {
    /// The subcommands; `build` when none is named.
    package static let configuration = CommandConfiguration(
        commandName: "showcase",
        abstract: "把 content/ 和 templates/ 生成为完整的静态网站 / Build the federation's static site.",
        subcommands: [
            BuildCommand.self, CheckCommand.self, ServeCommand.self, NewCommand.self, StatsCommand.self, ExportCommand.self, ReportCommand.self,
        ],
        defaultSubcommand: BuildCommand.self
    )
    /// The command before argument-parser fills it in.
    package init() {}
}
