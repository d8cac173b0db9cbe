import Diagnostics

/// Content's problems written the short way (`sink.error(.missingField("title"), at: …)`):
/// Swift finds `.missingField` only where the parameter's type is the enum itself.
extension Diagnostic {
    /// A content problem at `location`; `sourceLine` is shown under the message with a caret.
    package init(_ severity: Severity = .error, _ problem: ContentProblem, at location: SourceLocation, sourceLine: String? = nil) {
        self.init(severity, problem as any Problem, at: location, sourceLine: sourceLine)
    }

    /// The problem, when it is one of the content's.
    package var contentProblem: ContentProblem? { problem as? ContentProblem }
}

extension DiagnosticSink {
    /// Records a content error at `loc`, with the source line to show if known.
    package mutating func error(_ p: ContentProblem, at loc: SourceLocation, line: String? = nil) {
        error(p as any Problem, at: loc, line: line)
    }

    /// Records a content warning at `loc`, with the source line to show if known.
    package mutating func warning(_ p: ContentProblem, at loc: SourceLocation, line: String? = nil) {
        warning(p as any Problem, at: loc, line: line)
    }
}

extension EntryScaffold.Refusal: ReportableError {
    /// The refusal as ``text(in:)`` says it.
    package func formatted(in lang: MessageLanguage) -> String { text(in: lang) }
}
