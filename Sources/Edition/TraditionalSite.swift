import Content
import Markdown
import Support

/// The loaded site in Traditional Chinese: every text a reader sees converted, everything the
/// site is built from by name or slug kept consistent.
///
/// Names that link entries (an event's organizers, a project's organization, tags, columns,
/// programs) are converted one string at a time through the converter's memory, so the same
/// name converts the same way everywhere and the links still resolve. Slugs, URLs, dates,
/// numbers and paths are never touched; tag, column and program pages keep the main edition's
/// slugs, so the two editions' URLs mirror each other.
package enum TraditionalSite {
    /// What the converted site is for: a build converts the pages' HTML; an export the trees.
    package struct Parts: OptionSet, Sendable {
        /// The option bits (OptionSet's storage).
        package let rawValue: Int
        /// OptionSet's initializer.
        package init(rawValue: Int) { self.rawValue = rawValue }
        /// The bodies' and summaries' HTML: what pages show.
        package static let html = Parts(rawValue: 1)
        /// The bodies' syntax trees: what Word and text exports are made from.
        package static let trees = Parts(rawValue: 2)
    }

    /// The site with its text in Traditional Chinese: titles, names, summaries and the `parts`
    /// asked for; everything that is not text for a reader stays as it is.
    package static func convert(_ site: SiteContent, with c: TraditionalConverter, parts: Parts = .html) -> SiteContent {
        let mainURLs = SiteURLs(config: site.config)
        rememberHandWrittenTitles(site, in: c)

        let main = site.config.basePath
        let html = TraditionalHTML(from: main, to: main + c.edition.path + "/")
        @Sendable func t(_ s: String) -> String { c.text(s) }
        @Sendable func t(_ s: String?) -> String? { s.map(c.text) }
        @Sendable func body(_ source: EntrySource) -> EntrySource {
            var s = source
            let doc = source.body
            let lead = c.blocks(doc.lead)
            s.body = doc.converted(
                html: parts.contains(.html) ? html.convert(doc.htmlUTF8, with: c) : doc.htmlUTF8,
                blocks: parts.contains(.trees) ? c.blocks(doc.blocks) : doc.blocks, lead: lead)
            return s
        }

        var out = site
        out.config = config(site.config, converter: c, mainURLs: mainURLs, names: names(in: site))
        out.warnings = []
        out.organizations = Parallel.map(site.organizations) { o in
            var o = o
            o.source = body(o.source)
            o.name = t(o.name)
            o.supervisor = t(o.supervisor)
            o.services = o.services.map(t)
            o.contact.address = t(o.contact.address)
            o.tags = o.tags.map(t)
            return o
        }
        out.events = Parallel.map(site.events) { e in
            var e = e
            e.source = body(e.source)
            e.title = t(e.title)
            e.location = t(e.location)
            e.kind = t(e.kind)
            e.organizers = e.organizers.map(t)
            e.participants = e.participants.map(t)
            e.tags = e.tags.map(t)
            e.programme = e.programme.map {
                var i = $0; i.time = t(i.time); i.item = t(i.item); return i
            }
            e.stalls = e.stalls.map {
                var s = $0; s.organization = t(s.organization); s.offer = t(s.offer); return s
            }
            return e
        }
        out.articles = Parallel.map(site.articles) { a in
            var a = a
            a.summary = a.source.traditional.summary ?? t(a.summary)
            a.source = body(a.source)
            a.title = t(a.title)
            a.author = t(a.author)
            a.column = t(a.column)
            a.tags = a.tags.map(t)
            a.organizations = a.organizations.map(t)
            return a
        }
        out.projects = Parallel.map(site.projects) { p in
            var p = p
            p.source = body(p.source)
            p.title = t(p.title)
            p.organization = t(p.organization)
            p.program = t(p.program)
            p.round = t(p.round)
            p.status = t(p.status)
            return p
        }
        out.pages = site.pages.map { p in
            var p = p
            p.source = body(p.source)
            p.title = t(p.title)
            return p
        }
        out.figures = site.figures.map { f in
            var f = f
            f.label = t(f.label)
            f.qualifier = t(f.qualifier)
            f.unit = t(f.unit)
            f.source = t(f.source)
            return f
        }
        out.programTotals = site.programTotals.map { p in
            var p = p
            p.program = t(p.program)
            p.round = t(p.round)
            p.source = t(p.source)
            return p
        }
        out.reports = site.reports.map { r in
            var r = r
            r.source = body(r.source)
            r.title = t(r.title)
            r.subtitle = t(r.subtitle)
            return r
        }
        return out
    }

    /// Hand-written titles, remembered by `c` before it converts anything else of the site:
    /// every other mention of the same name follows them. ``convert(_:with:parts:)`` starts
    /// with it; a build calls it earlier too, before the templates convert beside the content.
    package static func rememberHandWrittenTitles(_ site: SiteContent, in c: TraditionalConverter) {
        for o in site.organizations { if let t = o.source.traditional.title { c.remember(o.name, as: t) } }
        for e in site.events { if let t = e.source.traditional.title { c.remember(e.title, as: t) } }
        for a in site.articles { if let t = a.source.traditional.title { c.remember(a.title, as: t) } }
        for p in site.projects { if let t = p.source.traditional.title { c.remember(p.title, as: t) } }
        for p in site.pages { if let t = p.source.traditional.title { c.remember(p.title, as: t) } }
    }

    /// Every name a URL is made from (tags, columns, programs).
    private static func names(in site: SiteContent) -> Set<String> {
        var names = Set<String>()
        for o in site.organizations { names.formUnion(o.tags) }
        for e in site.events { names.formUnion(e.tags) }
        for a in site.articles {
            names.formUnion(a.tags)
            if let c = a.column { names.insert(c) }
        }
        for p in site.projects { names.insert(p.program) }
        return names
    }

    private static func config(_ config: SiteConfig, converter c: TraditionalConverter, mainURLs: SiteURLs, names: Set<String>) -> SiteConfig {
        var out = config
        out.title = c.text(config.title)
        out.description = c.text(config.description)
        out.federation.name = c.text(config.federation.name)
        out.federation.address = config.federation.address.map(c.text)
        out.menu = config.menu.map {
            var m = $0; m.title = c.text(m.title); return m
        }
        out.domains = config.domains.map {
            var d = $0; d.name = c.text(d.name); return d
        }
        out.language = c.edition.variant.language
        out.mainBasePath = config.basePath
        out.baseURL = config.baseURL + c.edition.path + "/"
        // The Traditional name of a tag, column or program gets the main edition's slug.
        for name in names { out.nameSlugs[c.text(name)] = mainURLs.slug(for: name) }
        return out
    }
}
