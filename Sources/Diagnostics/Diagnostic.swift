/// One problem found in the sources (content or templates), with where it is and how to fix it.
package struct Diagnostic: Sendable, Hashable, Comparable {
    /// Whether the build stops.
    package var severity: Severity
    /// Where the problem is.
    package var location: SourceLocation
    /// What is wrong: a problem of any domain (content, templates, the build), which says itself.
    package var problem: any Problem
    /// The offending source line, shown under the message with a caret.
    package var sourceLine: String?

    /// A problem at `location`; `sourceLine` is shown under the message with a caret.
    package init(_ severity: Severity = .error, _ problem: any Problem, at location: SourceLocation, sourceLine: String? = nil) {
        self.severity = severity
        self.problem = problem
        self.location = location
        self.sourceLine = sourceLine
    }

    /// Same severity, place, line and problem (problems of two domains are never equal).
    package static func == (a: Diagnostic, b: Diagnostic) -> Bool {
        a.severity == b.severity && a.location == b.location && a.sourceLine == b.sourceLine
            && AnyHashable(a.problem) == AnyHashable(b.problem)
    }

    /// Hashes what ``==`` compares.
    package func hash(into hasher: inout Hasher) {
        hasher.combine(severity)
        hasher.combine(location)
        hasher.combine(sourceLine)
        hasher.combine(AnyHashable(problem))
    }

    /// By location, then message: a stable order whatever order they were found in.
    package static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        if a.location != b.location { return a.location < b.location }
        return a.problem.text(in: .en).message < b.problem.text(in: .en).message
    }

    /// The message in the form compilers use (`file:line:column: 错误: what`), then the
    /// source line with a caret, then how to fix it.
    package func formatted(in language: MessageLanguage) -> String {
        let (message, hint) = problem.text(in: language)
        var out = "\(location.file):\(location.line):\(location.column): \(severity.label(in: language)): \(message)"
        if let line = sourceLine {
            let (shown, column) = Self.excerpt(of: line, column: location.column)
            out += "\n    " + shown + "\n    " + caretPadding(shown, column: column) + "^"
        }
        if !hint.isEmpty {
            out += "\n    " + (language == .zh ? "修改方法：" : "how to fix: ") + hint
        }
        return out
    }

    /// At most this many terminal cells of a source line are echoed, around the column.
    static let excerptWidth = 80

    /// The line as it is shown: a window of ``excerptWidth`` cells around `column` (a
    /// 200 kB line echoed whole buried the message), `…` where it was cut, and control
    /// characters as their visible symbols (U+2400–U+2421: `␀` for NUL), one character for
    /// one, so the caret stays under its character. Tabs stay tabs (the padding copies them).
    /// Returns the text and the column of the caret in it.
    static func excerpt(of line: String, column: Int) -> (String, Int) {
        let visible = { (ch: Character) -> Character in
            guard let v = ch.unicodeScalars.first?.value, v < 0x20 && v != 0x09 || v == 0x7F else { return ch }
            return Character(Unicode.Scalar(v == 0x7F ? 0x2421 : 0x2400 + v)!)
        }
        // The usual short, clean line is shown as it is, without an array of its characters.
        if line.utf8.count <= excerptWidth, !line.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F }) {
            return (line, column)
        }
        let characters = Array(line)
        let caret = min(max(column - 1, 0), characters.count)
        // Terminal cells, not characters: a line of Chinese is twice as wide as its count.
        func cells(_ ch: Character) -> Int { ch.isWide ? 2 : 1 }
        var start = caret, end = caret, used = 0
        while start > 0, used + cells(characters[start - 1]) <= excerptWidth / 2 { start -= 1; used += cells(characters[start]) }
        while end < characters.count, used + cells(characters[end]) <= excerptWidth { used += cells(characters[end]); end += 1 }
        while start > 0, used + cells(characters[start - 1]) <= excerptWidth { start -= 1; used += cells(characters[start]) }
        var shown = start > 0 ? "…" : ""
        for ch in characters[start..<end] { shown.append(visible(ch)) }
        if end < characters.count { shown += "…" }
        return (shown, caret - start + (start > 0 ? 1 : 0) + 1)
    }

    /// Pads with the same characters the line uses (tabs stay tabs) and counts East Asian
    /// wide characters twice, so the caret lands under the right character in a terminal.
    private func caretPadding(_ line: String, column: Int) -> String {
        var pad = ""
        for (i, ch) in line.enumerated() where i < column - 1 {
            if ch == "\t" { pad += "\t" } else if ch.isWide { pad += "  " } else { pad += " " }
        }
        return pad
    }

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

extension Character {
    /// CJK ideographs, full-width forms and CJK punctuation occupy two terminal cells.
    var isWide: Bool {
        guard let v = unicodeScalars.first?.value else { return false }
        return (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
    }
}

/// Thrown when the sources (content and templates) have at least one error; carries every
/// problem found in either, sorted by file, line and column.
package struct ContentErrors: Error, Sendable {
    /// Errors and warnings, sorted.
    package var diagnostics: [Diagnostic]
    /// Every problem found, sorted.
    package init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics.sorted() }
    /// The errors alone.
    package var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// Collects problems while loading; never stops at the first.
package struct DiagnosticSink: Sendable {
    /// Everything recorded, in the order found.
    package private(set) var all: [Diagnostic] = []
    /// An empty sink.
    package init() {}
    /// Records an error at `loc`, with the source line to show if known.
    package mutating func error(_ p: any Problem, at loc: SourceLocation, line: String? = nil) {
        all.append(Diagnostic(.error, p, at: loc, sourceLine: line))
    }
    /// Records a warning at `loc`, with the source line to show if known.
    package mutating func warning(_ p: any Problem, at loc: SourceLocation, line: String? = nil) {
        all.append(Diagnostic(.warning, p, at: loc, sourceLine: line))
    }
    /// Takes over problems found elsewhere (another file, another pass).
    package mutating func append(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }
    /// Whether any of them is an error.
    package var hasErrors: Bool { all.contains { $0.severity == .error } }
}
