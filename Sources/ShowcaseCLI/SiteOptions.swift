import ArgumentParser
import Content
import Foundation

extension MessageLanguage: ExpressibleByArgument {}

/// Options every command shares: where the site is and the language of messages.
package struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "网站文件夹（含 content/ 与 templates/）/ the site folder")
    package var source: String = "."

    @Option(name: .long, help: "消息语言 zh 或 en / language of messages")
    package var lang: MessageLanguage = .zh

    package init() {}

    package var root: URL { URL(fileURLWithPath: source).standardizedFileURL }

    /// Loads the content, printing warnings; on errors prints every one and exits with status 1.
    package func loadContent(_ options: LoadOptions = .init()) throws -> SiteContent {
        do {
            let site = try SiteLoader.load(root: root, options: options)
            report(site.warnings)
            return site
        } catch let errors as ContentErrors {
            report(errors.diagnostics)
            throw ExitCode(1)
        }
    }

    /// Prints a problem with a command-line argument (no file to point at) to standard error.
    package func reportArgument(_ problem: Problem) {
        let (message, hint) = problem.text(in: lang)
        let text = lang == .zh ? "错误: \(message)\n    修改方法：\(hint)\n" : "error: \(message)\n    how to fix: \(hint)\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Prints diagnostics to standard error, followed by a count of errors and warnings.
    package func report(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        var text = diagnostics.sorted().map { $0.formatted(in: lang) }.joined(separator: "\n\n") + "\n"
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        text += lang == .zh ? "\n共 \(errors) 个错误，\(warnings) 个警告。\n" : "\n\(errors) error(s), \(warnings) warning(s).\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
