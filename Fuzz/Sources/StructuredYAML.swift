// A structure-aware generator for `content/site.yaml` and the data files: the fuzzer's bytes
// are read as choices (which key, which value, which YAML style, anchor or alias), so nearly
// every input is YAML of the right shape and reaches the field readers, the URL policy and
// the alias budget, instead of stopping at the first syntax error as raw bytes mostly do.
import Foundation
#if DEBUG
@testable import Content

/// The fuzzer's bytes, read one choice at a time; once they run out every choice is 0.
struct FuzzChoices {
    private var bytes: Data.SubSequence
    init(_ bytes: Data.SubSequence) { self.bytes = bytes }

    var isEmpty: Bool { bytes.isEmpty }

    /// A number in `0..<n`.
    mutating func pick(_ n: Int) -> Int {
        guard n > 1, let b = bytes.popFirst() else { return 0 }
        return Int(b) % n
    }

    mutating func pick<T>(_ options: [T]) -> T { options[pick(options.count)] }
    /// True `percent` times in a hundred; false once the bytes have run out.
    mutating func chance(_ percent: Int) -> Bool { !isEmpty && pick(100) < percent }
}

/// Writes YAML of a known schema from choices, with hostile values mixed in.
struct StructuredYAML {
    var choices: FuzzChoices
    private var lines: [String] = []
    private var anchors: [String] = []

    init(_ choices: FuzzChoices) { self.choices = choices }

    /// What a value is meant to be; each has its ordinary and hostile atoms.
    enum Kind { case text, url, baseURL, slug, integer, date, bool, timezone }

    static let atoms: [Kind: [String]] = [
        .text: ["测试市妇女联合会", "示例", "", " ", "a: b", "\"引号\"", "=HYPERLINK(\"http://evil.example/\")", "+1", "-2+3", "@SUM(1)",
                "<script>alert(1)</script>", "\u{1B}[31m", "\u{0}", "\u{85}", "\u{FEFF}", "\u{202E}", "中\r\n文", String(repeating: "长", count: 300)],
        .url: ["/", "/about/", "https://example.org/", "mailto:a@example.org", "tel:+86", "#top", "images/a.svg", "//cdn.example/",
               "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\nscript:alert(1)", "java\tscript:alert(1)", "java\rscript:alert(1)",
               "\u{1}javascript:alert(1)", " javascript:alert(1)", "javascript\u{0}:alert(1)", "java\u{7F}script:x", "java\u{85}script:x",
               "data:text/html,<script>", "vbscript:x", "file:///etc/passwd", "ftp://x/", "../../etc/passwd", "/%2e%2e/x", "\\\\evil\\x",
               "javascript://%0aalert(1)", "/a b/", "/中文/"],
        .baseURL: ["https://example.org/", "https://example.org/sub/", "/", "/sub/", "http://example.org:8080/x/",
                   "javascript:alert(1)//", "//evil.example/", "ftp://example.org/", "https://", "https:///x", "https://a b/",
                   "https://example.org/\n", " https://example.org/", "https://example.org@evil.example/", "https://example.org/?q",
                   "example.org", "data:text/html,x", "/sub\\x", ""],
        .slug: ["youth", "elderly", "a-b", "Youth", "中文", "../x", "", "a b", "x\ny"],
        .integer: ["0", "1", "2012", "2014", "1990", "2100", "-1", "1,200", "99999999999999999999", "1e3", "0x10", "二十"],
        .date: ["2014-05-20", "2014-05-20 14:30", "2014-05-20T14:30:00+08:00", "2014-02-30", "23:59:60", "0000-00-00", "明天"],
        .bool: ["true", "false", "yes", "是", "否", "maybe"],
        .timezone: ["Asia/Shanghai", "Asia/Taipei", "UTC", "Mars/Olympus", ""],
    ]

    /// How many of each kind's atoms (the first ones) are ordinary values.
    static let ordinary: [Kind: Int] = [.text: 2, .url: 8, .baseURL: 5, .slug: 3, .integer: 6, .date: 3, .bool: 4, .timezone: 2]

    /// A scalar of `kind` in one of YAML's styles; double quotes carry the controls. Ordinary
    /// values half the time, so that files get past their first mistake to the next reader.
    mutating func scalar(_ kind: Kind) -> String {
        let all = Self.atoms[kind]!
        let atom = all[choices.pick(choices.chance(50) ? Self.ordinary[kind]! : all.count)]
        switch choices.pick(4) {
        case 0 where Self.canBePlain(atom):
            return atom // plain (YAML may read `yes` or `1,200` as something else: part of the test)
        case 1 where !atom.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }):
            return "'" + atom.replacingOccurrences(of: "'", with: "''") + "'"
        default:
            var out = "\""
            for s in atom.unicodeScalars {
                switch s {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                default:
                    if s.value < 0x20 || s.value == 0x7F { out += String(format: "\\x%02X", s.value) }
                    else if s.value == 0x85 { out += "\\N" }
                    else { out.unicodeScalars.append(s) }
                }
            }
            return out + "\""
        }
    }

    /// Whether `atom` written plain is still one scalar (else it would mostly end the file in a
    /// syntax error, which the raw-bytes modes already cover).
    static func canBePlain(_ atom: String) -> Bool {
        guard let first = atom.unicodeScalars.first, let last = atom.unicodeScalars.last else { return false }
        if "[]{}&*!|>'\"%@`#,?:-".unicodeScalars.contains(first) || first == " " || last == " " { return false }
        return !atom.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x85 || $0.value == 0xFEFF }
            && !atom.contains(": ") && !atom.contains(" #")
    }

    /// A value: mostly a scalar of `kind`, sometimes an anchor on it, an alias, or the wrong shape.
    mutating func value(_ kind: Kind) -> String {
        switch choices.pick(16) {
        case 0 where !anchors.isEmpty: return "*" + choices.pick(anchors)
        case 1:
            let name = "a\(anchors.count)"
            anchors.append(name)
            return "&\(name) " + scalar(kind)
        case 2: return "[" + scalar(kind) + ", " + scalar(kind) + "]"
        case 3: return "{k: " + scalar(kind) + "}"
        case 4: return ""
        default: return scalar(kind)
        }
    }

    mutating func line(_ indent: Int, _ text: String) {
        lines.append(String(repeating: " ", count: indent) + text)
    }

    /// Nested anchors and aliases, `levels` deep and `width` wide: from harmless to a bomb.
    mutating func aliasTower(indent: Int) {
        let levels = 1 + choices.pick(8), width = 1 + choices.pick(12)
        let first = "t\(anchors.count)"
        line(indent, "tower0: &\(first) [" + Array(repeating: "x", count: width).joined(separator: ", ") + "]")
        var previous = first
        for level in 1..<max(levels, 2) {
            let name = "t\(anchors.count)_\(level)"
            line(indent, "tower\(level): &\(name) [" + Array(repeating: "*" + previous, count: width).joined(separator: ", ") + "]")
            previous = name
        }
        anchors.append(previous)
    }

    /// `content/site.yaml`.
    mutating func siteYAML() -> String {
        var keys: [(String, (inout StructuredYAML) -> Void)] = [
            ("title", { $0.line(0, "title: " + $0.value(.text)) }),
            ("description", { $0.line(0, "description: " + $0.value(.text)) }),
            ("base_url", { $0.line(0, "base_url: " + $0.value(.baseURL)) }),
            ("timezone", { $0.line(0, "timezone: " + $0.value(.timezone)) }),
            ("raw_html", { $0.line(0, "raw_html: " + $0.value(.bool)) }),
            ("federation", { y in
                y.line(0, "federation:")
                for key in ["name", "address", "phone", "email"] where key == "name" ? !y.choices.chance(5) : y.choices.chance(70) {
                    y.line(2, "\(key): " + y.value(.text))
                }
            }),
            ("menu", { y in
                y.line(0, "menu:")
                for _ in 0..<(1 + y.choices.pick(4)) {
                    y.line(2, "- title: " + y.value(.text))
                    y.line(4, "url: " + y.value(.url))
                }
            }),
            ("domains", { y in
                y.line(0, "domains:")
                for _ in 0..<(1 + y.choices.pick(3)) {
                    y.line(2, "- slug: " + y.value(.slug))
                    y.line(4, "name: " + y.value(.text))
                }
            }),
            ("slugs", { y in
                y.line(0, "slugs:")
                for _ in 0..<(1 + y.choices.pick(3)) { y.line(2, y.scalar(.text) + ": " + y.value(.slug)) }
            }),
            ("tower", { y in y.line(0, "extra:"); y.aliasTower(indent: 2) }),
            ("unknown", { y in y.line(0, "titel: " + y.value(.text)) }),
        ]
        // Each key once, in an order and with a presence the bytes choose (a key written twice
        // now and then); title and federation mostly present, so most files reach every reader.
        var order = Array(keys.indices)
        for i in order.indices.reversed() { order.swapAt(i, choices.pick(i + 1)) }
        let presence = ["tower": 15, "unknown": 15]
        for i in order where ["title", "federation"].contains(keys[i].0) ? !choices.chance(5) : choices.chance(presence[keys[i].0] ?? 70) {
            keys[i].1(&self)
            if choices.chance(3) { keys[i].1(&self) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `content/data/figures.yaml` (`programs: false`) or `programs.yaml`: a list of mappings.
    mutating func dataFile(programs: Bool) -> String {
        let fields: [(String, Kind, required: Bool)] = programs
            ? [("program", .text, true), ("round", .text, false), ("year_from", .integer, true), ("year_to", .integer, false),
               ("total_projects", .integer, false), ("proposals", .integer, false), ("source", .text, true), ("date", .date, true)]
            : [("id", .slug, true), ("label", .text, true), ("value", .integer, true), ("qualifier", .text, false),
               ("unit", .text, false), ("source", .text, true), ("date", .date, true)]
        while !choices.isEmpty && lines.count < 200 {
            var first = true
            for (key, kind, required) in fields where required ? !choices.chance(3) : choices.chance(50) {
                line(first ? 0 : 2, (first ? "- " : "") + "\(key): " + value(kind))
                first = false
            }
            if choices.chance(10) { aliasTower(indent: 2) }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// What must hold whenever a site loads: no refused URL got through.
func checkLoadedSite(_ site: SiteContent) {
    for item in site.config.menu {
        if URLPolicy.check(link: item.url) != nil { fatalError("a refused menu URL was accepted: \(item.url.debugDescription)") }
        checkBrowserScheme(item.url)
    }
    if URLPolicy.check(baseURL: site.config.baseURL) != nil {
        fatalError("a refused base URL was accepted: \(site.config.baseURL.debugDescription)")
    }
    checkBrowserScheme(site.config.baseURL)
}

/// The scheme a browser would see in `url` must be a safe one: browsers remove tab, LF and CR
/// anywhere and C0 controls and spaces at the ends before they read it (WHATWG URL). An
/// oracle written apart from URLPolicy, so that a mistake in the policy shows.
func checkBrowserScheme(_ url: String) {
    var scalars = url.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
    while let f = scalars.first, f.value <= 0x20 { scalars.removeFirst() }
    guard let colon = scalars.firstIndex(of: ":") else { return }
    let scheme = scalars[..<colon]
    guard let first = scheme.first, first.isASCII, first.properties.isAlphabetic,
          scheme.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)) })
    else { return }
    let name = String(String.UnicodeScalarView(scheme)).lowercased()
    if !["http", "https", "mailto", "tel"].contains(name) { fatalError("a \(name): URL reaches a page: \(url.debugDescription)") }
}
#endif
