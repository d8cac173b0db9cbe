/// Where in the site's sources something was found. `file` is relative to the site folder
/// (`content/articles/x.md`), so messages read the same on every machine.
package struct SourceLocation: Sendable, Hashable, Comparable {
    /// Relative to the site folder (`content/articles/x.md`), or an option (`--base-url`).
    package var file: String
    /// From 1.
    package var line: Int
    /// From 1, in characters.
    package var column: Int

    /// A place in `file`; line and column count from 1.
    package init(file: String, line: Int = 1, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// By file, then line, then column: the order messages are printed in.
    package static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// The language of messages for people: Chinese first, English on request.
package enum MessageLanguage: String, Sendable, CaseIterable {
    case zh, en
}

/// An error stops the build; a warning is printed and the build goes on.
package enum Severity: Sendable, Hashable {
    case error, warning
}

/// One problem found in the content, with where it is and how to fix it.
package struct Diagnostic: Sendable, Hashable, Comparable {
    /// Whether the build stops.
    package var severity: Severity
    /// Where the problem is.
    package var location: SourceLocation
    /// What is wrong; the catalog (`Problem.text(in:)`) says it.
    package var problem: Problem
    /// The offending source line, shown under the message with a caret.
    package var sourceLine: String?

    /// A problem at `location`; `sourceLine` is shown under the message with a caret.
    package init(_ severity: Severity = .error, _ problem: Problem, at location: SourceLocation, sourceLine: String? = nil) {
        self.severity = severity
        self.problem = problem
        self.location = location
        self.sourceLine = sourceLine
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
        let label: String
        switch (severity, language) {
        case (.error, .zh): label = "错误"
        case (.warning, .zh): label = "警告"
        case (.error, .en): label = "error"
        case (.warning, .en): label = "warning"
        }
        var out = "\(location.file):\(location.line):\(location.column): \(label): \(message)"
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

/// Thrown when the content has at least one error; carries every problem found, sorted.
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
    package mutating func error(_ p: Problem, at loc: SourceLocation, line: String? = nil) {
        all.append(Diagnostic(.error, p, at: loc, sourceLine: line))
    }
    /// Records a warning at `loc`, with the source line to show if known.
    package mutating func warning(_ p: Problem, at loc: SourceLocation, line: String? = nil) {
        all.append(Diagnostic(.warning, p, at: loc, sourceLine: line))
    }
    /// Takes over problems found elsewhere (another file, another pass).
    package mutating func append(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }
    /// Whether any of them is an error.
    package var hasErrors: Bool { all.contains { $0.severity == .error } }
}

/// Edit distance, for "did you mean" suggestions on misspelt keys, slugs and choices. A pair of
/// neighbouring characters written the wrong way round counts as one edit (`tgas` → `tags`,
/// 集市 → 市集). Within `maxDistance` (by default a third of the candidate, at least 2), the
/// nearest wins; on a tie, the first in `candidates`.
package func closestMatch(to word: String, in candidates: some Sequence<String>, maxDistance: Int? = nil) -> String? {
    let a = Array(word.lowercased())
    var best: (String, Int)?
    for candidate in candidates {
        let b = Array(candidate.lowercased())
        let distance = editDistance(a, b)
        if distance <= (maxDistance ?? max(2, b.count / 3)), best == nil || distance < best!.1 { best = (candidate, distance) }
    }
    return best?.0
}

/// Optimal string alignment distance: insertions, deletions, substitutions and transpositions
/// of neighbours, each one edit.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], beforePrevious[j - 2] + 1)
            }
        }
        beforePrevious = previous
        previous = current
    }
    return previous[b.count]
}
