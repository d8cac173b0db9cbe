import Content
import Stats
import Templates

/// The statistics pages' template contexts. Stats computes plain values (tables, figures,
/// headlines); how a page shows them is the site's business, so that Stats needs no template types.
extension Statistics {
    /// The template context of the overview (`theme` nil, template `statistics`) or of one theme page
    /// (template `statistics-theme`). The build adds `site`, `page` and `menu`.
    package func context(theme: String?, urls: SiteURLs) -> TemplateFields {
        var context: TemplateFields = [
            "title": .string(Statistics.title(theme: theme)),
            "overviewURL": .string(urls.statistics()),
            "themes": .list(
                Statistics.themes.map { slug -> TemplateValue in
                    [
                        "slug": .string(slug), "title": .string(Statistics.title(theme: slug)), "url": .string(urls.statistics(slug)),
                        "current": .bool(slug == theme), "summary": .string(themeSummaryHTML(slug)),
                        "sections": .list(
                            tables(theme: slug).map { ["title": .string($0.title), "url": .string(urls.statistics(slug) + "#" + $0.id)] }),
                    ]
                }),
            "figures": .list(
                figures.map { f -> TemplateValue in
                    [
                        "label": .string(f.label), "value": .string(Statistics.figureValue(f)),
                        "source": .string(Statistics.sourceNote(f.source, f.date)),
                    ]
                }),
            "hasFigures": .bool(!figures.isEmpty),
            "json": .string(urls.file(Statistics.allDownloadPath)),
        ]
        if let theme {
            context["theme"] = .string(theme)
            context["intro"] = .string(themeSummaryHTML(theme))
            context["sections"] = .list(tables(theme: theme).map { .object(sectionContext($0, urls: urls)) })
        } else {
            context["headlines"] = .list(
                headlines(urls: urls).map { h -> TemplateValue in
                    var d: TemplateFields = ["label": .string(h.label), "value": .string(h.value), "url": .string(h.url)]
                    if let note = h.note { d["note"] = .string(note); d["noteIsFigure"] = .bool(h.noteIsFigure) }
                    return .object(d)
                })
            context["hasRounds"] = .bool(!rounds.isEmpty)
            context["rounds"] = .list(
                rounds.map { g -> TemplateValue in
                    let share = shares.first { $0.total.round != nil && $0.total.program == g.program && $0.total.round == g.round }
                    var d: TemplateFields = [
                        "label": "\(g.program) \(g.roundText)", "projects": "\(g.count)个", "funding": .string(g.funding.wanYuan),
                        "beneficiaries": .string(NumberText.grouped(g.beneficiaries) + "人次"),
                        "url": .string(urls.statistics(ProjectTables.theme) + "#by-round"),
                    ]
                    var compare: [String] = []
                    if let share, let total = share.total.totalProjects, let p = share.share { compare.append("占全市\(total)个项目的\(p.display)") }
                    if let proposals = share?.total.proposals { compare.append("申报方案\(proposals)个") }
                    d["compare"] = .string(compare.isEmpty ? "—" : compare.joined(separator: "，"))
                    return .object(d)
                })
        }
        return context
    }

    /// One table's section on a theme page: chart, table, totals, downloads, and the entries each row counts.
    func sectionContext(_ t: StatTable, urls: SiteURLs) -> TemplateFields {
        func cells(_ row: StatRow, index: Int?) -> TemplateValue {
            var firstNumeric = true
            return .list(
                row.cells.enumerated().map { c, value in
                    // `label` names the column again in each cell: on a phone the table becomes one
                    // block per row, each figure after its column's name.
                    var d: TemplateFields = [
                        "text": .string(value.display), "header": .bool(c == 0), "numeric": .bool(value.isNumeric),
                        "label": .string(c < t.columns.count ? t.columns[c].label : ""),
                    ]
                    if c == 0, let link = row.link { d["href"] = .string(link.url(urls)) }
                    if c > 0, value.isNumeric, firstNumeric {
                        firstNumeric = false
                        // The first figure of a row links to the list of entries it counts.
                        if let index, !row.entries.isEmpty { d["href"] = "#\(t.id)-\(index + 1)" }
                    }
                    return .object(d)
                })
        }
        var d: TemplateFields = [
            "id": .string(t.id), "title": .string(t.title), "summary": .string(t.summary),
            "columns": .list(t.columns.map { ["label": .string($0.label), "numeric": .bool($0.kind != .text)] }),
            "rows": .list(t.rows.enumerated().map { ["cells": cells($1, index: $0)] }),
            "hasRows": .bool(!t.rows.isEmpty),
            "notes": .list(t.notes.map(TemplateValue.string)),
            "csv": .string(urls.file(t.downloadStem + ".csv")),
            "json": .string(urls.file(t.downloadStem + ".json")),
        ]
        if let chart = t.chart { d["chart"] = ["wide": .string(chart.wide), "narrow": .string(chart.narrow)] }
        if let totals = t.totals, !t.rows.isEmpty { d["totals"] = ["cells": cells(totals, index: nil)] }
        let entries = t.rows.enumerated().filter { !$1.entries.isEmpty }.map { i, row -> TemplateValue in
            [
                "anchor": "\(t.id)-\(i + 1)", "label": .string(row.label), "count": .int(row.entries.count),
                "items": .list(row.entries.map { ["title": .string($0.title), "url": .string($0.url(urls))] }),
            ]
        }
        if !entries.isEmpty { d["entries"] = .list(entries); d["hasEntries"] = true }
        return d
    }
}
