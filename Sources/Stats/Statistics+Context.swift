import Content

extension Statistics {
    /// Theme slugs for `/statistics/<theme>/`, in menu order.
    package static var themes: [String] { ["organizations", "projects", "events", "articles"] }

    /// `数据统计` for the overview, `社会组织统计` etc. for a theme.
    package static func title(theme: String?) -> String {
        switch theme {
        case nil: "数据统计"
        case "organizations": "社会组织统计"
        case "projects": "公益项目统计"
        case "events": "活动统计"
        case "articles": "文章统计"
        case let other?: other
        }
    }

    /// The Mustache context of the overview (`theme` nil, template `statistics`) or of one theme page
    /// (template `statistics-theme`). The build adds `site`, `page` and `menu`.
    package func context(theme: String?, urls: SiteURLs) -> [String: Any] {
        var context: [String: Any] = [
            "title": Statistics.title(theme: theme),
            "overviewURL": urls.statistics(),
            "themes": Statistics.themes.map { slug -> [String: Any] in
                ["slug": slug, "title": Statistics.title(theme: slug), "url": urls.statistics(slug), "current": slug == theme,
                 "summary": themeSummary(slug),
                 "sections": tables(theme: slug).map { ["title": $0.title, "url": urls.statistics(slug) + "#" + $0.id] }]
            },
            "figures": figures.map { f -> [String: Any] in
                ["label": f.label, "value": Statistics.figureValue(f), "source": Statistics.sourceNote(f.source, f.date)]
            },
            "hasFigures": !figures.isEmpty,
            "json": urls.file(Statistics.allDownloadPath),
        ]
        if let theme {
            context["theme"] = theme
            context["intro"] = themeSummary(theme)
            context["sections"] = tables(theme: theme).map { sectionContext($0, urls: urls) }
        } else {
            context["headlines"] = headlines(urls: urls).map { h -> [String: Any] in
                var d: [String: Any] = ["label": h.label, "value": h.value, "url": h.url]
                if let note = h.note { d["note"] = note }
                return d
            }
            context["hasRounds"] = !rounds.isEmpty
            context["rounds"] = rounds.map { g -> [String: Any] in
                let share = shares.first { $0.total.round != nil && $0.total.program == g.program && $0.total.round == g.round }
                var d: [String: Any] = ["label": "\(g.program) \(g.roundText)", "projects": "\(g.count)个", "funding": g.funding.wanYuan,
                                        "beneficiaries": NumberText.grouped(g.beneficiaries) + "人次",
                                        "url": urls.statistics(ProjectTables.theme) + "#by-round"]
                var compare: [String] = []
                if let share, let total = share.total.totalProjects, let p = share.share { compare.append("占全市\(total)个项目的\(p.display)") }
                if let proposals = share?.total.proposals { compare.append("申报方案\(proposals)个") }
                d["compare"] = compare.isEmpty ? "—" : compare.joined(separator: "，")
                return d
            }
        }
        return context
    }

    /// One sentence about a theme, from its figures.
    func themeSummary(_ theme: String) -> String {
        switch theme {
        case "organizations":
            let total = organizationsByKind.reduce(0) { $0 + $1.entries.count }
            return "本平台收录社会组织\(total)家，其中\(federation)业务主管的登记注册组织\(federationRegistered.count)家。"
        case "projects":
            let count = programs.reduce(0) { $0 + $1.count }
            let funding = programs.map(\.funding).sum()
            return "本平台组织承接公益项目\(count)个，资助金额合计\(funding.wanYuan)。"
        case "events":
            let n = table(theme, "by-kind")?.totals?.cells[1].display ?? "0"
            return "本平台记录活动\(n)场。"
        case "articles":
            let n = table(theme, "by-column")?.totals?.cells[1].display ?? "0"
            return "本平台发表文章\(n)篇（不含草稿）。"
        default:
            return ""
        }
    }

    func sectionContext(_ t: StatTable, urls: SiteURLs) -> [String: Any] {
        func cells(_ row: StatRow, index: Int?) -> [[String: Any]] {
            var firstNumeric = true
            return row.cells.enumerated().map { c, value in
                var d: [String: Any] = ["text": value.display, "header": c == 0, "numeric": value.isNumeric]
                if c == 0, let link = row.link { d["href"] = link.url(urls) }
                if c > 0, value.isNumeric, firstNumeric {
                    firstNumeric = false
                    // The first figure of a row links to the list of entries it counts.
                    if let index, !row.entries.isEmpty { d["href"] = "#\(t.id)-\(index + 1)" }
                }
                return d
            }
        }
        var d: [String: Any] = [
            "id": t.id, "title": t.title, "summary": t.summary,
            "columns": t.columns.map { ["label": $0.label, "numeric": $0.kind != .text] },
            "rows": t.rows.enumerated().map { ["cells": cells($1, index: $0)] },
            "hasRows": !t.rows.isEmpty,
            "notes": t.notes,
            "csv": urls.file(t.downloadStem + ".csv"),
            "json": urls.file(t.downloadStem + ".json"),
        ]
        if let chart = t.chart { d["chart"] = chart }
        if let totals = t.totals, !t.rows.isEmpty { d["totals"] = ["cells": cells(totals, index: nil)] }
        let entries = t.rows.enumerated().filter { !$1.entries.isEmpty }.map { i, row -> [String: Any] in
            ["anchor": "\(t.id)-\(i + 1)", "label": row.label, "count": row.entries.count,
             "items": row.entries.map { ["title": $0.title, "url": $0.url(urls)] }]
        }
        if !entries.isEmpty { d["entries"] = entries; d["hasEntries"] = true }
        return d
    }
}
