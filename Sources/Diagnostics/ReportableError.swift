/// An error a person reads. Every domain's error (a folder refused, an export or a report that
/// could not be made, a bad option, the sources' problems) says itself in either language, in
/// the shape of the sources' diagnostics (`where: 错误: what`, then `修改方法：…`), and names
/// the exit status, so the command line has one place that prints any of them and ends with
/// it (`ShowcaseCLI/CommandFailure.swift`).
package protocol ReportableError: Error {
    /// The whole message, without a final newline.
    func formatted(in lang: MessageLanguage) -> String
    /// The status the command exits with; 1 unless the domain says otherwise.
    var exitStatus: Int32 { get }
}

extension ReportableError {
    /// Every failure of a command exits with 1 today: scripts need only "it failed".
    package var exitStatus: Int32 { 1 }
}

/// A command-line option with a bad value (`--today 2026-02-30`, `--base-url ftp://…`): no file
/// to point at, so the message starts with its label.
package struct OptionError: ReportableError, Sendable, Equatable {
    /// What is wrong with the option; its text names the option.
    package var problem: any Problem

    /// The option error for `problem` (its text names the option).
    package init(_ problem: any Problem) { self.problem = problem }

    /// `错误: what` and `修改方法：…` (no file to point at).
    package func formatted(in lang: MessageLanguage) -> String {
        let (message, hint) = problem.text(in: lang)
        return lang == .zh ? "错误: \(message)\n    修改方法：\(hint)" : "error: \(message)\n    how to fix: \(hint)"
    }

    /// The same problem.
    package static func == (a: OptionError, b: OptionError) -> Bool { AnyHashable(a.problem) == AnyHashable(b.problem) }
}

extension ContentErrors: ReportableError {
    /// Every problem, sorted, then the count of errors and warnings.
    package func formatted(in lang: MessageLanguage) -> String {
        Diagnostic.report(diagnostics, in: lang)
    }
}
