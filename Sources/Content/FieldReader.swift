import Diagnostics
import Foundation
import Support

/// Reads typed values out of one front-matter mapping, remembering which keys were used and
/// reporting every problem with the key's or value's exact line and column.
final class FieldReader {
    private let source: SourceText
    private let lineOffset: Int
    /// Each key's pair, in file order; a repeated key keeps its first place and last value.
    private var pairs: [(name: String, key: YAMLNode, value: YAMLNode)] = []
    /// Each name's place in `pairs`, for a long mapping only: front matter has a dozen keys,
    /// which comparing finds sooner than hashing (two dozen lookups of every file).
    private var index: [String: Int]?
    private static let indexedFrom = 32
    /// Whether each pair was read; an array beside `pairs` rather than a set of names, because
    /// marking is done on every read of every field of every file.
    private var read: [Bool] = []
    /// Every key asked for, present or not: the known names, for suggestions.
    private var asked: [String] = []
    private(set) var sink = DiagnosticSink()
    private var children: [FieldReader] = []

    init(pairs mapping: [YAMLPair], source: SourceText, lineOffset: Int) {
        self.source = source
        self.lineOffset = lineOffset
        pairs.reserveCapacity(mapping.count)
        for pair in mapping {
            let (key, value) = (pair.key, pair.value)
            guard let name = key.scalar else { continue }
            if let i = position(of: name) {
                pairs[i] = (name, key, value)
            } else {
                if index == nil && pairs.count == Self.indexedFrom {
                    index = Dictionary(uniqueKeysWithValues: pairs.indices.map { (pairs[$0].name, $0) })
                }
                index?[name] = pairs.count
                pairs.append((name, key, value))
            }
        }
        read = Array(repeating: false, count: pairs.count)
        // Every field an entry kind knows is asked for, present or not: two dozen at most.
        asked.reserveCapacity(24)
    }

    private func position(of name: String) -> Int? {
        if let index { return index[name] }
        return pairs.indices.first { pairs[$0].name == name }
    }

    private func entry(_ name: String) -> (key: YAMLNode, value: YAMLNode)? {
        position(of: name).map { (pairs[$0].key, pairs[$0].value) }
    }

    /// All problems of this reader and of the nested mappings it handed out.
    var diagnostics: [Diagnostic] { sink.all + children.flatMap(\.diagnostics) }

    /// Slugs this file refers to, with their exact places, checked once every file is read.
    private var ownReferences: [PendingReference] = []
    var references: [PendingReference] { ownReferences + children.flatMap(\.references) }

    /// A slug naming another entry (or a domain); remembered with its location for checking.
    func reference(_ key: String, to kind: PendingReference.Kind, required: Bool = false) -> String? {
        guard let value = string(key, required: required), let node = entry(key)?.value else { return nil }
        let loc = location(of: node)
        ownReferences.append(PendingReference(kind: kind, field: key, value: value, location: loc, sourceLine: source.line(loc.line)))
        return value
    }

    /// A list of slugs, each remembered with its own location.
    func references(_ key: String, to kind: PendingReference.Kind, required: Bool = false) -> [String] {
        let values = strings(key, required: required)
        for (i, value) in values.enumerated() {
            let loc = location(key: key, item: i)
            ownReferences.append(PendingReference(kind: kind, field: key, value: value, location: loc, sourceLine: source.line(loc.line)))
        }
        return values
    }

    var keys: [String] { pairs.map(\.name) }

    func location(of node: YAMLNode) -> SourceLocation {
        guard let mark = node.mark else { return source.location(lineOffset + 1) }
        return source.location(mark.line + lineOffset, mark.column)
    }

    func location(key: String) -> SourceLocation {
        position(of: key).map { location(of: pairs[$0].key) } ?? source.location(lineOffset + 1)
    }

    private func fail(_ problem: ContentProblem, at node: YAMLNode) {
        let loc = location(of: node)
        sink.error(problem, at: loc, line: source.line(loc.line))
    }

    func error(_ problem: ContentProblem, key: String) {
        let loc = location(key: key)
        sink.error(problem, at: loc, line: source.line(loc.line))
    }

    func warning(_ problem: ContentProblem, key: String) {
        let loc = location(key: key)
        sink.warning(problem, at: loc, line: source.line(loc.line))
    }

    /// The value node of `key`, treating an empty value (`key:`) as absent.
    private func node(_ key: String, required: Bool) -> YAMLNode? {
        asked.append(key)
        let i = position(of: key)
        if let i { read[i] = true }
        guard let i, !Self.isEmpty(pairs[i].value) else {
            if required { sink.error(.missingField(key), at: source.location(max(lineOffset, 1)), line: source.line(max(lineOffset, 1))) }
            return nil
        }
        return pairs[i].value
    }

    /// Whether `key` is absent or has no value, without reading it.
    func isMissing(_ key: String) -> Bool {
        guard let i = position(of: key) else { return true }
        return Self.isEmpty(pairs[i].value)
    }

    /// `key:` with nothing after it, or a plain null.
    private static func isEmpty(_ node: YAMLNode) -> Bool {
        guard case .scalar(let s, let plain, _) = node else { return false }
        return s.isEmpty || (plain && isNull(s))
    }

    /// YAML's plain nulls, without an array built for every lookup.
    private static func isNull(_ s: String) -> Bool {
        switch s {
        case "~", "null", "Null", "NULL": true
        default: false
        }
    }

    private func describe(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let s, _, _): return s
        case .sequence: return "[列表]"
        case .mapping: return "{键值对}"
        }
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let n = node(key, required: required) else { return nil }
        guard let s = n.scalar else { fail(.wrongType(field: key, expected: .text, found: describe(n)), at: n); return nil }
        // Controls arrive from Word and WeChat pastes or YAML escapes like `\e`; no reader wants
        // them, XML forbids them and terminals obey them.
        return Escape.stripControls(s).trimmingSpaces()
    }

    /// A link (`kind: .link`) or the site's address (`.baseURL`), refused at its value under
    /// ``URLPolicy``. The control check sees the value as written: ``string(_:required:)``
    /// strips controls, which would join `java\u{1}script:` into `javascript:`.
    func url(_ key: String, required: Bool = false, kind: URLKind = .link) -> String? {
        guard let text = string(key, required: required), let raw = entry(key)?.value.scalar else { return nil }
        let refusal =
            URLPolicy.firstControl(in: raw).map { URLPolicy.Refusal.invisibleCharacter(at: $0) }
            ?? (kind == .link ? URLPolicy.check(link: text) : URLPolicy.check(baseURL: text))
        guard let refusal else { return text }
        // A control character is shown where it is, in the value as written.
        let shown = if case .invisibleCharacter = refusal { raw } else { text }
        if let n = entry(key)?.value { fail(URLPolicy.problem(refusal, field: key, value: shown), at: n) }
        return nil
    }

    enum URLKind { case link, baseURL }

    func bool(_ key: String) -> Bool? {
        guard let n = node(key, required: false) else { return nil }
        switch n.scalar?.lowercased() {
        case "true", "yes", "是", "on": return true
        case "false", "no", "否", "off": return false
        default: fail(.wrongType(field: key, expected: .boolean, found: describe(n)), at: n); return nil
        }
    }

    func int(_ key: String, required: Bool = false, range: ClosedRange<Int>) -> Int? {
        guard let n = node(key, required: required) else { return nil }
        // Thousands separators allowed ("1,200"); most numbers have none, and skip Foundation.
        guard let text = n.scalar, let v = Int(text.utf8.contains(UInt8(ascii: ",")) ? text.replacingOccurrences(of: ",", with: "") : text) else {
            // Digits too many for Int are an absurd number, not a wrong type.
            if let text = n.scalar, text.contains(where: \.isNumber),
                (text.hasPrefix("-") ? text.dropFirst() : Substring(text)).allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ",") })
            {
                fail(.numberOutOfRange(field: key, value: text, range: "\(range.lowerBound)–\(range.upperBound)"), at: n)
                return nil
            }
            fail(.wrongType(field: key, expected: .integer, found: describe(n)), at: n)
            return nil
        }
        guard range.contains(v) else {
            fail(.numberOutOfRange(field: key, value: text, range: "\(range.lowerBound)–\(range.upperBound)"), at: n)
            return nil
        }
        return v
    }

    func money(_ key: String, required: Bool = false, max: Money) -> Money? {
        guard let n = node(key, required: required) else { return nil }
        let text = n.scalar ?? describe(n)
        if text.hasPrefix("-"), Money(yuan: String(text.dropFirst())) != nil {
            fail(.numberOutOfRange(field: key, value: text, range: "0–\(max.fen / 100)"), at: n)
            return nil
        }
        guard let m = Money(yuan: text) else { fail(.wrongType(field: key, expected: .money, found: text), at: n); return nil }
        guard m <= max else { fail(.numberOutOfRange(field: key, value: text, range: "0–\(max.fen / 100)"), at: n); return nil }
        return m
    }

    func date(_ key: String, required: Bool = false, parser: DateParser) -> ContentDate? {
        guard let n = node(key, required: required) else { return nil }
        guard let text = n.scalar else { fail(.wrongType(field: key, expected: .date, found: describe(n)), at: n); return nil }
        switch parser.parse(text) {
        case .success(let d): return d
        case .failure(.unreadable): fail(.invalidDate(field: key, value: text), at: n)
        case .failure(.impossible(let reason)): fail(.impossibleDate(field: key, value: text, reason: reason), at: n)
        }
        return nil
    }

    /// A list of strings; a single string is accepted as a list of one. A required list must
    /// have at least one item.
    func strings(_ key: String, required: Bool = false) -> [String] {
        guard let n = node(key, required: required) else { return [] }
        if let s = n.scalar { return [Escape.stripControls(s)] }
        guard let seq = n.items else { fail(.wrongType(field: key, expected: .list, found: describe(n)), at: n); return [] }
        if required, seq.isEmpty { error(.missingField(key), key: key) }
        var out: [String] = []
        for item in seq {
            guard let s = item.scalar else { fail(.wrongType(field: key, expected: .text, found: describe(item)), at: item); continue }
            out.append(Escape.stripControls(s).trimmingSpaces())
        }
        return out
    }

    /// Where the i-th item of a list value sits, for reference errors on one slug of a list.
    func location(key: String, item: Int) -> SourceLocation {
        guard let n = entry(key)?.value else { return location(key: key) }
        if let seq = n.items, item < seq.count { return location(of: seq[item]) }
        return location(of: n)
    }

    func errorAt(_ loc: SourceLocation, _ problem: ContentProblem) {
        sink.error(problem, at: loc, line: source.line(loc.line))
    }

    func mapping(_ key: String, required: Bool = false) -> FieldReader? {
        guard let n = node(key, required: required) else { return nil }
        guard let m = n.pairs else { fail(.wrongType(field: key, expected: .mapping, found: describe(n)), at: n); return nil }
        let child = FieldReader(pairs: m, source: source, lineOffset: lineOffset)
        children.append(child)
        return child
    }

    func mappings(_ key: String) -> [FieldReader] {
        guard let n = node(key, required: false) else { return [] }
        guard let seq = n.items else { fail(.wrongType(field: key, expected: .list, found: describe(n)), at: n); return [] }
        var out: [FieldReader] = []
        for item in seq {
            guard let m = item.pairs else { fail(.wrongType(field: key, expected: .mapping, found: describe(item)), at: item); continue }
            let child = FieldReader(pairs: m, source: source, lineOffset: lineOffset)
            children.append(child)
            out.append(child)
        }
        return out
    }

    /// For mappings whose keys are data (names to slugs), not a fixed schema.
    func markAllUsed() {
        read = Array(repeating: true, count: pairs.count)
        asked += pairs.map(\.name)
    }

    /// One of the values `choices.yaml` allows for `field`; anything else is an error that names
    /// the choices and suggests the intended one. Unchecked when the file did not list the field
    /// (that is reported about the file).
    func choice(_ key: String, _ field: ChoiceField, in choices: Choices, required: Bool = false) -> String? {
        guard let value = string(key, required: required) else { return nil }
        guard let allowed = choices.values[field], !allowed.contains(value) else { return value }
        error(.notAChoice(field: key, value: value, allowed: allowed, suggestion: choices.suggestion(for: value, in: field)), valueOf: key)
        return nil
    }

    /// An error at the value of `key` (the key itself when it has no value).
    func error(_ problem: ContentProblem, valueOf key: String) {
        guard let node = entry(key)?.value else { return error(problem, key: key) }
        fail(problem, at: node)
    }

    /// Reports every key nobody read, suggesting the closest known one. An error: the key's
    /// value would be dropped without a word (a misspelt `supervisor` changes the figures).
    func reportUnknownKeys() {
        if read.contains(false) {
            let known = Set(asked).sorted()
            for (i, pair) in pairs.enumerated() where !read[i] {
                error(.unknownKey(pair.name, suggestion: closestMatch(to: pair.name, in: known)), key: pair.name)
            }
        }
        for child in children { child.reportUnknownKeys() }
    }
}
