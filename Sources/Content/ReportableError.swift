/// An error a person reads. Every domain's error (a folder refused, an export or a report that
/// could not be made, a bad option, the content's problems) says itself in either language, in
/// the shape of the content's diagnostics (`where: 错误: what`, then `修改方法：…`), so the
/// command line has one place that prints any of them and picks the exit status
/// (`ShowcaseCLI/CommandFailure.swift`).
package protocol ReportableError: Error {
    /// The whole message, without a final newline.
    func formatted(in lang: MessageLanguage) -> String
}

/// A command-line option with a bad value (`--today 2026-02-30`, `--base-url ftp://…`): no file
/// to point at, so the message starts with its label.
package struct OptionError: ReportableError, Sendable, Equatable {
    /// What is wrong with the option, from the catalog.
    package var problem: Problem

    /// The option error for `problem` (its text names the option).
    package init(_ problem: Problem) { self.problem = problem }

    /// `错误: what` and `修改方法：…` (no file to point at).
    package func formatted(in lang: MessageLanguage) -> String {
        let (message, hint) = problem.text(in: lang)
        return lang == .zh ? "错误: \(message)\n    修改方法：\(hint)" : "error: \(message)\n    how to fix: \(hint)"
    }
}

extension ContentErrors: ReportableError {
    /// Every problem, sorted, then the count of errors and warnings.
    package func formatted(in lang: MessageLanguage) -> String {
        Diagnostic.report(diagnostics, in: lang)
    }
}

extension Diagnostic {
    /// Diagnostics as a command prints them: sorted by file, line and column, a blank line
    /// between two, then `共 N 个错误，M 个警告。`. Empty for no diagnostics.
    package static func report(_ diagnostics: [Diagnostic], in lang: MessageLanguage) -> String {
        guard !diagnostics.isEmpty else { return "" }
        let text = diagnostics.sorted().map { $0.formatted(in: lang) }.joined(separator: "\n\n")
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        return text + "\n\n" + (lang == .zh ? "共 \(errors) 个错误，\(warnings) 个警告。" : "\(errors) error(s), \(warnings) warning(s).")
    }
}

extension EntryScaffold.Refusal: ReportableError {
    /// The refusal as ``text(in:)`` says it.
    package func formatted(in lang: MessageLanguage) -> String { text(in: lang) }
}
