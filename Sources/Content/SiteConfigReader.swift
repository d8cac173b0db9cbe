import Foundation

/// Reads `content/site.yaml`.
enum SiteConfigReader {
    static func read(root: URL, into sink: inout DiagnosticSink) -> SiteConfig? {
        let path = "content/site.yaml"
        guard let data = try? Data(contentsOf: root.appendingPathComponent(path)) else {
            sink.error(.missingSiteConfig, at: SourceLocation(file: path))
            return nil
        }
        guard let raw = String(validatingUTF8Data: data) else {
            sink.error(.notUTF8, at: SourceLocation(file: path))
            return nil
        }
        let source = SourceText(path: path, text: raw)
        guard let f = source.fields(yaml: source.text, firstLine: 1, into: &sink) else { return nil }
        let title = f.string("title", required: true)
        let description = f.string("description") ?? ""
        // The base goes in front of every link, canonical URL, feed and sitemap entry.
        var base = f.url("base_url", kind: .baseURL) ?? "/"
        if !base.hasSuffix("/") { base += "/" }
        let language = f.string("language") ?? "zh-CN"
        let tz = f.string("timezone") ?? "Asia/Shanghai"
        if TimeZone(identifier: tz) == nil {
            f.error(.invalidChoice(field: "timezone", value: tz, allowed: ["Asia/Shanghai", "Asia/Taipei", "Asia/Hong_Kong"]), key: "timezone")
        }
        let raw_html = f.bool("raw_html") ?? false
        var federation = Federation(name: "")
        if let m = f.mapping("federation") {
            federation = Federation(name: m.string("name", required: true) ?? "", address: m.string("address"),
                                    phone: m.string("phone"), email: m.string("email"))
        } else {
            f.error(.missingField("federation"), key: "")
        }
        let menu = f.mappings("menu").compactMap { m -> MenuItem? in
            // A menu link is an href on every page: `javascript:` or `data:` there runs on every page.
            guard let t = m.string("title", required: true), let u = m.url("url", required: true) else { return nil }
            return MenuItem(title: t, url: u)
        }
        var domains: [Domain] = []
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
        f.warnUnknownKeys()
        sink.append(contentsOf: f.diagnostics)
        guard let title else { return nil }
        return SiteConfig(title: title, description: description, baseURL: base, language: language, timeZoneIdentifier: tz,
                          rawHTML: raw_html, federation: federation, menu: menu, domains: domains, nameSlugs: nameSlugs)
    }
}

/// Reads `content/data/figures.yaml` and `content/data/programs.yaml`: the figures no entry can give.
struct DataReader {
    let root: URL
    let dates: DateParser

    func read(into site: inout SiteContent, sink: inout DiagnosticSink) {
        for item in list("figures.yaml", sink: &sink) {
            let f = item.reader
            let id = f.string("id", required: true)
            let label = f.string("label", required: true)
            let value = f.int("value", required: true, range: 0...1_000_000_000)
            let qualifier = f.string("qualifier")
            let unit = f.string("unit") ?? ""
            let source = f.string("source", required: true)
            let date = f.date("date", required: true, parser: dates)
            f.warnUnknownKeys()
            sink.append(contentsOf: f.diagnostics)
            if let id, let label, let value, let source, let date {
                site.figures.append(DataFigure(id: id, label: label, value: value, qualifier: qualifier, unit: unit,
                                               source: source, date: date, location: item.location))
            }
        }
        for item in list("programs.yaml", sink: &sink) {
            let f = item.reader
            let program = f.string("program", required: true)
            let round = f.string("round")
            let from = f.int("year_from", required: true, range: 1990...2100)
            let to = f.int("year_to", range: 1990...2100) ?? from
            let total = f.int("total_projects", range: 0...1_000_000)
            let proposals = f.int("proposals", range: 0...1_000_000)
            let source = f.string("source", required: true)
            let date = f.date("date", required: true, parser: dates)
            f.warnUnknownKeys()
            sink.append(contentsOf: f.diagnostics)
            if let program, let from, let to, let source, let date {
                site.programTotals.append(ProgramTotal(program: program, round: round, yearFrom: from, yearTo: to,
                                                       totalProjects: total, proposals: proposals, source: source, date: date))
            }
        }
    }

    /// The mappings of a YAML file whose top level is a list; a missing file is an empty list.
    private func list(_ name: String, sink: inout DiagnosticSink) -> [(reader: FieldReader, location: SourceLocation)] {
        let path = "content/data/\(name)"
        guard let data = try? Data(contentsOf: root.appendingPathComponent(path)) else { return [] }
        guard let raw = String(validatingUTF8Data: data) else {
            sink.error(.notUTF8, at: SourceLocation(file: path))
            return []
        }
        let source = SourceText(path: path, text: raw)
        // Aliases are counted on the file as written, for the exact column (the wrapped text
        // below is indented by two).
        if raw.containsByte(0x2A), let overflow = YAMLAliasBudget.firstOverflow(in: source.text) {
            sink.error(.yamlAliasBomb(alias: overflow.alias, limit: YAMLAliasBudget.limit),
                       at: source.location(overflow.mark.line, overflow.mark.column), line: source.line(overflow.mark.line))
            return []
        }
        // Wrap the list in a mapping so the one field reader handles it.
        let wrapped = "items:\n" + source.lines.map { "  " + $0 }.joined(separator: "\n")
        guard let f = source.fields(yaml: wrapped, firstLine: 0, into: &sink) else { return [] }
        let items = f.mappings("items")
        sink.append(contentsOf: f.diagnostics)
        return items.map { ($0, $0.location(key: $0.keys.first ?? "")) }
    }
}
