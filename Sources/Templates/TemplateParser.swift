/// A mistake in a template, with where it starts (1-based line, column in characters).
package struct TemplateSyntaxError: Error {
    /// What is wrong, said in either language (``TemplateProblem``).
    package let problem: TemplateProblem
    /// The line the mistake starts on, from 1.
    package let line: Int
    /// The column, in characters, from 1.
    package let column: Int
}

/// A partial or parent a template names, with where, so that a misspelt name is reported.
package struct TemplateReference: Sendable {
    /// The partial's or parent's name (`partials/header`).
    package let name: String
    /// Where the tag naming it starts (1-based line, column in characters).
    package let line: Int
    /// See ``line``.
    package let column: Int
}

/// Mustache (https://mustache.github.io/mustache.5.html) as the site's templates use it:
/// variables, sections, inverted sections, comments, partials, set delimiters, and template
/// inheritance (`{{<parent}}` with `{{$block}}`s), plus functions such as `empty(tags)`.
/// Standalone tag lines are removed as the Mustache spec says; a standalone partial is not
/// re-indented.
enum TemplateParser {
    /// Far beyond any real template, well within the stack of a rendering thread.
    static let maxDepth = 100

    static func parse(_ source: String) throws(TemplateSyntaxError) -> (nodes: [TemplateNode], references: [TemplateReference]) {
        var pieces = try tokenize(source)
        removeStandaloneLines(&pieces)
        return try build(pieces)
    }

    // MARK: Tokens

    private enum Kind {
        case value, unescaped, section, inverted, close, partial, parent, block, comment, delimiters

        /// Tags that, alone on their line, take the line with them.
        var canStandAlone: Bool { self != .value && self != .unescaped }
    }

    private struct Tag {
        let kind: Kind
        let name: String
        let line: Int
        let column: Int
    }

    private enum Piece {
        case text(String)
        case tag(Tag)
    }

    private static func tokenize(_ source: String) throws(TemplateSyntaxError) -> [Piece] {
        let chars = Array(source)
        var open: [Character] = ["{", "{"]
        var close: [Character] = ["}", "}"]
        var pieces: [Piece] = []
        var i = 0
        var textStart = 0
        var line = 1
        var lineStart = 0

        func matches(_ seq: [Character], at k: Int) -> Bool {
            guard k + seq.count <= chars.count else { return false }
            for (n, c) in seq.enumerated() where chars[k + n] != c { return false }
            return true
        }
        func find(_ seq: [Character], from k: Int) -> Int? {
            var k = k
            while k + seq.count <= chars.count {
                if matches(seq, at: k) { return k }
                k += 1
            }
            return nil
        }

        while i < chars.count {
            if chars[i].isNewline {
                i += 1
                line += 1
                lineStart = i
                continue
            }
            guard matches(open, at: i) else {
                i += 1
                continue
            }
            if textStart < i { pieces.append(.text(String(chars[textStart..<i]))) }
            let tagLine = line, tagColumn = i - lineStart + 1
            func fail(_ reason: TemplateProblem) -> TemplateSyntaxError {
                TemplateSyntaxError(problem: reason, line: tagLine, column: tagColumn)
            }
            var start = i + open.count
            var closing = close
            var kind = Kind.value
            if open == ["{", "{"], start < chars.count, chars[start] == "{" {
                kind = .unescaped
                start += 1
                closing = ["}", "}", "}"]
            }
            guard let end = find(closing, from: start) else { throw fail(.unfinishedTag) }
            var content = String(chars[start..<end])
            if kind == .value, let sigil = content.first {
                let kinds: [Character: Kind] = [
                    "#": .section, "^": .inverted, "/": .close, ">": .partial, "<": .parent,
                    "$": .block, "!": .comment, "&": .unescaped, "=": .delimiters,
                ]
                if let k = kinds[sigil] {
                    kind = k
                    content.removeFirst()
                }
            }
            // A tag never spans lines, except a comment: `{{title` followed, lines later, by
            // another tag's `}}` is an unfinished tag, not a name with a line break in it.
            if kind != .comment, content.contains(where: \.isNewline) { throw fail(.unfinishedTag) }
            for c in chars[i..<end] where c.isNewline { line += 1 }
            if kind == .comment, let last = chars[i..<end].lastIndex(where: \.isNewline) { lineStart = last + 1 }
            i = end + closing.count
            textStart = i

            switch kind {
            case .comment:
                pieces.append(.tag(Tag(kind: kind, name: "", line: tagLine, column: tagColumn)))
            case .delimiters:
                guard content.hasSuffix("=") else { throw fail(.badDelimiters) }
                let parts = content.dropLast().split(whereSeparator: \.isWhitespace)
                guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else { throw fail(.badDelimiters) }
                open = Array(parts[0])
                close = Array(parts[1])
                pieces.append(.tag(Tag(kind: kind, name: "", line: tagLine, column: tagColumn)))
            default:
                let name = content.trimmingSpacesAndNewlines()
                guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "{" || $0 == "}" }) else {
                    throw fail(.badName(name))
                }
                pieces.append(.tag(Tag(kind: kind, name: name, line: tagLine, column: tagColumn)))
            }
        }
        if textStart < chars.count { pieces.append(.text(String(chars[textStart...]))) }
        return pieces
    }

    // MARK: Standalone lines

    /// A section, comment, partial or block tag alone on its line (only spaces and tabs
    /// around it) takes its line's indentation and line break with it, so that templates can
    /// be laid out readably without leaving blank lines in the page.
    private static func removeStandaloneLines(_ pieces: inout [Piece]) {
        func text(_ k: Int) -> String? {
            guard pieces.indices.contains(k), case .text(let t) = pieces[k] else { return nil }
            return t
        }
        func isBlank<S: StringProtocol>(_ s: S) -> Bool { s.allSatisfy { $0 == " " || $0 == "\t" } }

        var dropPrefix: [Int: Int] = [:] // text piece → characters to drop at its start
        var dropSuffix: [Int: Int] = [:] // text piece → characters to drop at its end
        for k in pieces.indices {
            guard case .tag(let tag) = pieces[k], tag.kind.canStandAlone else { continue }
            // Before the tag: the start of the template, or text ending in a line break and blanks.
            var before = 0
            if k > 0 {
                guard let t = text(k - 1) else { continue }
                if let nl = t.lastIndex(where: \.isNewline) {
                    let tail = t[t.index(after: nl)...]
                    guard isBlank(tail) else { continue }
                    before = tail.count
                } else {
                    guard k - 1 == 0, isBlank(t) else { continue }
                    before = t.count
                }
            }
            // After the tag: the end of the template, or blanks up to and including a line break.
            var after = 0
            if k + 1 < pieces.count {
                guard let t = text(k + 1) else { continue }
                if let nl = t.firstIndex(where: \.isNewline) {
                    guard isBlank(t[..<nl]) else { continue }
                    after = t.distance(from: t.startIndex, to: nl) + 1
                } else {
                    guard k + 1 == pieces.count - 1, isBlank(t) else { continue }
                    after = t.count
                }
            }
            if k > 0 { dropSuffix[k - 1] = before }
            if k + 1 < pieces.count { dropPrefix[k + 1] = after }
        }
        for k in pieces.indices {
            guard var t = text(k) else { continue }
            if let n = dropSuffix[k] { t.removeLast(n) }
            if let n = dropPrefix[k] { t.removeFirst(min(n, t.count)) }
            pieces[k] = .text(t)
        }
    }

    // MARK: Tree

    private static func build(_ pieces: [Piece]) throws(TemplateSyntaxError) -> ([TemplateNode], [TemplateReference]) {
        struct Open {
            let tag: Tag?
            var nodes: [TemplateNode] = []
            mutating func append(_ node: TemplateNode) {
                if case .text(let new) = node, case .text(let old)? = nodes.last {
                    nodes[nodes.count - 1] = .text(old + new)
                } else {
                    nodes.append(node)
                }
            }
        }
        var stack = [Open(tag: nil)]
        var references: [TemplateReference] = []
        for piece in pieces {
            switch piece {
            case .text(let t):
                if !t.isEmpty { stack[stack.count - 1].append(.text(t)) }
            case .tag(let tag):
                func fail(_ reason: TemplateProblem) -> TemplateSyntaxError {
                    TemplateSyntaxError(problem: reason, line: tag.line, column: tag.column)
                }
                switch tag.kind {
                case .comment, .delimiters:
                    break
                case .value, .unescaped:
                    let path = try path(tag.name, fail)
                    stack[stack.count - 1].append(.value(path, escaped: tag.kind == .value))
                case .partial:
                    references.append(TemplateReference(name: tag.name, line: tag.line, column: tag.column))
                    stack[stack.count - 1].append(.partial(tag.name))
                case .section, .inverted, .block:
                    if tag.kind != .block { _ = try path(tag.name, fail) }
                    guard stack.count <= maxDepth else { throw fail(.tooDeep) }
                    stack.append(Open(tag: tag))
                case .parent:
                    references.append(TemplateReference(name: tag.name, line: tag.line, column: tag.column))
                    guard stack.count <= maxDepth else { throw fail(.tooDeep) }
                    stack.append(Open(tag: tag))
                case .close:
                    guard stack.count > 1, let opened = stack.last?.tag else { throw fail(.closeWithoutOpen(tag.name)) }
                    guard opened.name == tag.name else { throw fail(.closeMismatch(opened: opened.name, closed: tag.name)) }
                    let body = stack.removeLast().nodes
                    let node: TemplateNode
                    switch opened.kind {
                    case .block:
                        node = .block(opened.name, body)
                    case .parent:
                        // Only blocks count inside a parent; text between them is layout.
                        var overrides: [String: [TemplateNode]] = [:]
                        for case .block(let name, let nodes) in body { overrides[name] = nodes }
                        node = .parent(opened.name, overrides: overrides)
                    default:
                        node = .section(try path(opened.name, fail), body, inverted: opened.kind == .inverted)
                    }
                    stack[stack.count - 1].append(node)
                }
            }
        }
        if let unclosed = stack.last?.tag {
            throw TemplateSyntaxError(problem: .sectionNeverClosed(unclosed.name), line: unclosed.line, column: unclosed.column)
        }
        return (stack[0].nodes, references)
    }

    /// `a.b.c`, `.`, `f(x)`, `f(g(x))`.
    private static func path(_ raw: String, _ fail: (TemplateProblem) -> TemplateSyntaxError) throws(TemplateSyntaxError) -> TemplatePath {
        var name = Substring(raw)
        var functions: [TemplateFunction] = []
        while name.hasSuffix(")"), let paren = name.firstIndex(of: "(") {
            let f = name[..<paren]
            guard let function = TemplateFunction(rawValue: String(f)) else { throw fail(.unknownFunction(String(f))) }
            functions.insert(function, at: 0)
            name = name[name.index(after: paren)..<name.index(before: name.endIndex)]
        }
        if name == "." { return TemplatePath(names: [], functions: functions) }
        let names = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !names.contains(where: { $0.isEmpty || $0.contains("(") || $0.contains(")") }) else { throw fail(.badName(raw)) }
        return TemplatePath(names: names.map(TemplateName.init), functions: functions)
    }
}
