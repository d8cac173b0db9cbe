import ArgumentParser
import Content
import Diagnostics
import Foundation

extension MessageLanguage: ExpressibleByArgument {}

/// Options every command shares: where the site is and the language of messages.
package struct SiteOptions: ParsableArguments {
    /// `--source`: the site folder, holding `content/` and `templates/`.
    @Option(name: .long, help: "网站文件夹（含 content/ 与 templates/）/ the site folder")
    package var source: String = "."

    /// `--lang`: the language of every message.
    @Option(name: .long, help: "消息语言 zh 或 en / language of messages")
    package var lang: MessageLanguage = .zh

    /// The defaults: the current folder, Chinese messages.
    package init() {}

    /// The site folder as an absolute URL.
    package var root: URL { URL(fileURLWithPath: source).standardizedFileURL }

    /// Loads the content and prints its warnings; throws ``ContentErrors`` for the command to
    /// report (``running(writing:trailer:_:)``).
    package func loadContent(_ options: LoadOptions = .init()) throws -> SiteContent {
        let site = try SiteLoader.load(root: root, options: options)
        report(site.warnings)
        return site
    }

    /// Prints diagnostics to standard error, followed by a count of errors and warnings.
    package func report(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        FileHandle.standardError.write(Data((Diagnostic.report(diagnostics, in: lang) + "\n").utf8))
    }
}
