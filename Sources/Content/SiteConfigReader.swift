import Diagnostics
import Foundation

/// Reads `content/site.yaml`.
enum SiteConfigReader {
    static func read(root: URL, choices: Choices, into sink: inout DiagnosticSink) -> SiteConfig? {
        let path = "content/site.yaml"
        let raw: String
        switch SiteLoader.readText(path, root: root, into: &sink) {
        case .missing:
            sink.error(.missingSiteConfig, at: SourceLocation(file: path))
            return nil
        case .failed: return nil
        case .text(let text): raw = text
        }
        let source = SourceText(path: path, text: raw)
        guard let f = source.fields(yaml: source.text, firstLine: 1, into: &sink) else { return nil }
        let title = f.string("title", required: true)
        let description = f.string("description", required: true) ?? ""
        // The base goes in front of every link, canonical URL, feed and sitemap entry.
        var base = f.url("base_url", required: true, kind: .baseURL) ?? "/"
        if !base.hasSuffix("/") { base += "/" }
        let language = f.string("language") ?? "zh-CN"
        let tz = f.string("timezone") ?? "Asia/Shanghai"
        if TimeZone(identifier: tz) == nil {
            f.error(.invalidChoice(field: "timezone", value: tz, allowed: ["Asia/Shanghai", "Asia/Taipei", "Asia/Hong_Kong"]), key: "timezone")
        }
        let raw_html = f.bool("raw_html") ?? false
        var federation = Federation(name: "")
        if let m = f.mapping("federation") {
            // The statistics count the organizations whose supervisor is this name, letter for
            // letter: a name no organization can be given would make that count 0.
            federation = Federation(
                name: m.choice("name", .supervisor, in: choices, required: true) ?? "", address: m.string("address"),
                phone: m.string("phone"), email: m.string("email"))
        } else {
            f.error(.missingField("federation"), key: "")
        }
        if f.keys.contains("menu") == false { f.error(.missingField("menu"), key: "") }
        let menu = f.mappings("menu").compactMap { m -> MenuItem? in
            // A menu link is an href on every page: `javascript:` or `data:` there runs on every page.
            guard let t = m.string("title", required: true), let u = m.url("url", required: true) else { return nil }
            return MenuItem(title: t, url: u)
        }
        var domains: [Domain] = []
        if f.keys.contains("domains") == false { f.error(.missingField("domains"), key: "") }
        for m in f.mappings("domains") {
            guard let slug = m.string("slug", required: true), let name = m.string("name", required: true) else { continue }
            if !Slug.isValid(slug) { m.error(.invalidSlug(slug), key: "slug") }
            if domains.contains(where: { $0.slug == slug }) {
                m.error(.duplicateSlug(slug: slug, kind: "服务领域", other: path), key: "slug")
            }
            domains.append(Domain(slug: slug, name: name))
        }
        // Optional slugs for Chinese names: `slugs: {妇儿之窗: fuer-zhichuang}`.
        var nameSlugs: [String: String] = [:]
        if let m = f.mapping("slugs") {
            for key in m.keys {
                guard let slug = m.string(key) else { continue }
                if Slug.isValid(slug) { nameSlugs[key] = slug } else { m.error(.invalidSlug(slug), key: key) }
            }
            m.markAllUsed()
        }
        let traditional = readEditions(f, root: root, into: &sink)
        f.reportUnknownKeys()
        sink.append(contentsOf: f.diagnostics)
        guard let title else { return nil }
        return SiteConfig(
            title: title, description: description, baseURL: base, language: language, timeZoneIdentifier: tz,
            rawHTML: raw_html, federation: federation, menu: menu, domains: domains, nameSlugs: nameSlugs,
            traditional: traditional)
    }
}

/// Reads `content/data/figures.yaml` and `content/data/programs.yaml`: the figures no entry can give.
struct DataReader {
    let root: URL
    let dates: DateParser
    let choices: Choices

    func read(into site: inout SiteContent, sink: inout DiagnosticSink) {
        for item in list("figures.yaml", sink: &sink) {
            let f = item.reader
            let id = f.string("id", required: true)
            let label = f.string("label", required: true)
            let value = f.int("value", required: true, range: 0...1_000_000_000)
            let qualifier = f.string("qualifier")
            let unit = f.string("unit", required: true)
            let source = f.string("source", required: true)
            let date = f.date("date", required: true, parser: dates)
            f.reportUnknownKeys()
            sink.append(contentsOf: f.diagnostics)
            if let id, let label, let value, let unit, let source, let date {
                site.figures.append(
                    DataFigure(
                        id: id, label: label, value: value, qualifier: qualifier, unit: unit,
                        source: source, date: date, location: item.location))
            }
        }
        for item in list("programs.yaml", sink: &sink) {
            let f = item.reader
            // A misspelt program here would match no project: its share would read 0%.
            let program = f.choice("program", .program, in: choices, required: true)
            let round = f.string("round")
            let from = f.int("year_from", required: true, range: 1990...2100)
            var to = f.int("year_to", range: 1990...2100) ?? from
            // A share is a part of a whole: a total of zero has no shares.
            let total = f.int("total_projects", range: 1...1_000_000)
            let proposals = f.int("proposals", range: 0...1_000_000)
            let source = f.string("source", required: true)
            let date = f.date("date", required: true, parser: dates)
            f.reportUnknownKeys()
            // `year_from...year_to` with its bounds reversed would stop the statistics with a trap.
            if let from, let t = to, t < from {
                f.error(.yearsReversed(from: from, to: t), key: "year_to")
                to = nil
            }
            if let program, let from, let to, let source, let date {
                let programTotal = ProgramTotal(
                    program: program, round: round, yearFrom: from, yearTo: to,
                    totalProjects: total, proposals: proposals, source: source, date: date)
                // More of the federation's projects than the citywide total: a share over 100 %.
                let count = site.projects.reduce(0) { $0 + (programTotal.covers($1) ? 1 : 0) }
                if let total, count > total {
                    f.error(.totalBelowCount(total: total, count: count), key: "total_projects")
                } else {
                    site.programTotals.append(programTotal)
                }
            }
            sink.append(contentsOf: f.diagnostics)
        }
    }

    /// The mappings of a YAML file whose top level is a list; a missing file is an empty list.
    private func list(_ name: String, sink: inout DiagnosticSink) -> [(reader: FieldReader, location: SourceLocation)] {
        let path = "content/data/\(name)"
        guard case .text(let raw) = SiteLoader.readText(path, root: root, into: &sink) else { return [] }
        let source = SourceText(path: path, text: raw)
        // Aliases are counted on the file as written, for the exact column (the wrapped text
        // below may be indented).
        if raw.containsByte(0x2A), let overflow = YAMLAliasBudget.firstOverflow(in: source.text) {
            sink.error(
                .yamlAliasBomb(alias: overflow.alias, limit: YAMLAliasBudget.limit),
                at: source.location(overflow.mark.line, overflow.mark.column), line: source.line(overflow.mark.line))
            return []
        }
        // Wrap the list in a mapping so the one field reader handles it. A list starting at the
        // margin can follow `items:` as it is (YAML allows a sequence at its key's indentation),
        // which keeps every column of every message true; anything else is indented under it.
        let first = source.lines.first { !$0.isEmpty && !$0.hasPrefix("#") }
        let wrapped =
            first?.hasPrefix("-") == true
            ? "items:\n" + source.text
            : "items:\n" + source.lines.map { "  " + $0 }.joined(separator: "\n")
        guard let f = source.fields(yaml: wrapped, firstLine: 0, into: &sink) else { return [] }
        let items = f.mappings("items")
        sink.append(contentsOf: f.diagnostics)
        return items.map { ($0, $0.location(key: $0.keys.first ?? "")) }
    }
}
