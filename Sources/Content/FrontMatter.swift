import Diagnostics
import Yams

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A content file cut into its YAML front matter and Markdown body.
struct SplitDocument {
    var yaml: String
    /// File line of the first YAML line (the one after the opening `---`).
    var yamlFirstLine: Int
    var body: String
    /// File line of the body's first line.
    var bodyFirstLine: Int
}

/// Text of one source file with a BOM removed and CRLF turned into LF, so that what people
/// save from Word or Windows editors reads exactly like everyone else's files.
struct SourceText {
    let path: String
    let text: String
    let lines: [Substring]

    init(path: String, text raw: String) {
        var t = raw
        if t.hasPrefix("\u{FEFF}") { t.removeFirst() }
        // Byte scans, not `contains("\r")`/`split(separator:)`: those go through Foundation and
        // grapheme breaking, and were a tenth of a build's instructions. Same result: with no CR
        // left, every LF is a character of its own.
        if t.containsByte(0x0D) { t = t.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") }
        self.path = path
        self.text = t
        self.lines = Self.lines(of: t)
    }

    /// `text.split(separator: "\n", omittingEmptySubsequences: false)` for text without CR.
    private static func lines(of text: String) -> [Substring] {
        var offsets: [Int] = []
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var i = 0
            while i < bytes.count, let found = memchr(base + i, 0x0A, bytes.count - i) {
                let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                offsets.append(offset)
                i = offset + 1
            }
        }
        var lines: [Substring] = []
        lines.reserveCapacity(offsets.count + 1)
        let utf8 = text.utf8
        var start = utf8.startIndex
        for offset in offsets {
            let end = utf8.index(utf8.startIndex, offsetBy: offset)
            lines.append(text[start..<end])
            start = utf8.index(after: end)
        }
        lines.append(text[start...])
        return lines
    }

    func line(_ n: Int) -> String? {
        n >= 1 && n <= lines.count ? String(lines[n - 1]) : nil
    }

    func location(_ line: Int, _ column: Int = 1) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }

    /// Splits at the `---` fences; reports a missing fence at the line where it was expected.
    func split(into sink: inout DiagnosticSink) -> SplitDocument? {
        if text.allSatisfy(\.isWhitespace) {
            sink.error(.emptyFile, at: location(1))
            return nil
        }
        guard lines.first.map({ $0.trimmingTrailingSpaces() == "---" }) == true else {
            sink.error(.missingOpeningFence, at: location(1), line: line(1))
            return nil
        }
        guard
            let close = lines.indices.dropFirst().first(where: {
                let l = lines[$0].trimmingTrailingSpaces()
                return l == "---" || l == "..."
            })
        else {
            // A file ending in a newline has an empty last "line"; point at the last written one.
            let last = lines.count > 1 && lines[lines.count - 1].isEmpty ? lines.count - 1 : lines.count
            sink.error(.missingClosingFence, at: location(last), line: line(last))
            return nil
        }
        // The lines are slices of `text` cut at each LF: joining them again is slicing `text`.
        let yaml = close > 1 ? String(text[lines[1].startIndex..<lines[close - 1].endIndex]) : ""
        let body = close + 1 < lines.count ? String(text[lines[close + 1].startIndex...]) : ""
        return SplitDocument(yaml: yaml, yamlFirstLine: 2, body: body, bodyFirstLine: close + 2)
    }

    /// Parses YAML text that starts at `firstLine` of this file into a field reader.
    func fields(yaml: String, firstLine: Int, into sink: inout DiagnosticSink) -> FieldReader? {
        let node: YAMLNode?
        switch YAMLEvents.compose(yaml) {
        case .empty?: node = nil
        case .node(let composed)?: node = composed
        case nil:
            // Aliases are counted before Yams expands them (only text with a `*` can hold one).
            if yaml.containsByte(0x2A), let overflow = YAMLAliasBudget.firstOverflow(in: yaml) {
                let fileLine = overflow.mark.line + firstLine - 1
                sink.error(
                    .yamlAliasBomb(alias: overflow.alias, limit: YAMLAliasBudget.limit),
                    at: location(fileLine, overflow.mark.column), line: line(fileLine))
                return nil
            }
            do {
                node = try Self.compose(yaml).map { YAMLNode($0) }
            } catch let error as YamlError {
                if reportFullWidthColons(yaml: yaml, firstLine: firstLine, into: &sink) { return nil }
                report(error, firstLine: firstLine, into: &sink)
                return nil
            } catch {
                sink.error(.yamlSyntax(String(describing: error)), at: location(firstLine))
                return nil
            }
        }
        guard let node else { return FieldReader(pairs: [], source: self, lineOffset: firstLine - 1) }
        guard let pairs = node.pairs else {
            if reportFullWidthColons(yaml: yaml, firstLine: firstLine, into: &sink) { return nil }
            sink.error(.frontMatterNotMapping, at: location(firstLine), line: line(firstLine))
            return nil
        }
        return FieldReader(pairs: pairs, source: self, lineOffset: firstLine - 1)
    }

    /// `Yams.compose(yaml:)`, mostly without its default resolver, which runs seven regular
    /// expressions on every key to find duplicates and was a tenth of loading.
    ///
    /// The resolver only decides whether two keys are equal. Without explicit tags (`!`) every
    /// key resolves to a string under the basic resolver, so keys equal under the default one are
    /// equal under it too: a mapping without duplicates there has none under the default resolver.
    /// A duplicate found, a tag, or a plain `=` (the default resolver's `value` key, which
    /// `Node.string` looks through) parses again with the default resolver, for exactly its result.
    static func compose(_ yaml: String) throws -> Node? {
        // The default encoding would be looked up in the environment on every call.
        guard !yaml.containsByte(0x21), !yaml.containsByte(0x3D) else {
            return try Yams.compose(yaml: yaml, .default, constructor, .utf8)
        }
        do {
            return try Yams.compose(yaml: yaml, .basic, constructor, .utf8)
        } catch YamlError.duplicatedKeysInMapping {
            return try Yams.compose(yaml: yaml, .default, constructor, .utf8)
        }
    }

    /// `Constructor.default` made once: the property builds a new one, with its tables of
    /// conversions, on every call. Its tables are never changed after creation, so every thread
    /// may share it.
    nonisolated(unsafe) private static let constructor = Constructor.default

    private func report(_ error: YamlError, firstLine: Int, into sink: inout DiagnosticSink) {
        switch error {
        case .scanner(let context, let problem, var mark, _), .parser(let context, let problem, var mark, _),
            .composer(let context, let problem, var mark, _):
            // An unclosed quote is only noticed at the end of the front matter; the place to
            // fix is where the quote opened, which libyaml gives as the context's mark.
            if problem.contains("unexpected end of stream"), let context, context.text.contains("quoted scalar") {
                mark = context.mark
            }
            let fileLine = mark.line + firstLine - 1
            let text = line(fileLine) ?? ""
            // libyaml reports a tab as "found character that cannot start any token".
            let tabbed = text.contains("\t") || (line(fileLine - 1)?.hasPrefix("\t") ?? false)
            let problemText = Self.translate(problem)
            sink.error(
                tabbed ? .yamlTab : .yamlSyntax(problemText),
                at: location(tabbed && !text.contains("\t") ? fileLine - 1 : fileLine, tabbed ? 1 : mark.column),
                line: tabbed && !text.contains("\t") ? line(fileLine - 1) : text)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let fileLine = context.mark.line + firstLine - 1
            sink.error(.duplicateKey(duplicates.joined(separator: ", ")), at: location(fileLine, context.mark.column), line: line(fileLine))
        case .reader(let problem, _, _, let yaml):
            // A NUL or other control character. Yams' own description would carry the whole
            // line, control character and all, and its offset is not where the character is:
            // the first character libyaml refuses is looked for instead.
            let refused = { (v: UInt32) in
                (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || (0x7F...0x9F).contains(v) && v != 0x85 || v == 0xFFFE || v == 0xFFFF
            }
            var yamlLine = 1, column = 1
            for ch in yaml {
                if ch.unicodeScalars.contains(where: { refused($0.value) }) { break }
                if ch == "\n" || ch == "\r\n" { yamlLine += 1; column = 1 } else { column += 1 }
            }
            let fileLine = yamlLine + firstLine - 1
            sink.error(.yamlSyntax(Self.translate(problem)), at: location(fileLine, column), line: line(fileLine))
        default:
            sink.error(.yamlSyntax(String(describing: error)), at: location(firstLine))
        }
    }

    /// libyaml's problems, in words a publicity officer can act on.
    static func translate(_ problem: String) -> String {
        let table: [(String, String)] = [
            ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
            ("found unexpected end of stream", "引号没有闭合"),
            ("found unknown escape character", "引号里有无法识别的反斜杠转义"),
            ("mapping values are not allowed in this context", "这里不能再有冒号：含冒号的文字请用引号括起来"),
            ("did not find expected key", "缩进不一致，或上一行的列表/引号没有结束"),
            ("did not find expected '-' indicator", "列表项的缩进不一致"),
            ("found character that cannot start any token", "有不能出现在这里的字符（如 Tab、@ 或 `）"),
            ("did not find expected node content", "这里缺少内容"),
            ("found undefined alias", "引用了未定义的别名（*）"),
            ("control characters are not allowed", "有看不见的控制字符（显示为 ␀ 等符号），请删除它"),
        ]
        for (english, chinese) in table where problem.contains(english) { return "\(chinese)（\(problem)）" }
        return problem
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var s = self
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
