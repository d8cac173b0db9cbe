import Content

/// A figure for the home page and the statistics overview, linking to what it counts.
package struct Headline: Sendable {
    /// What the figure counts.
    package var label: String
    /// The figure, formatted.
    package var value: String
    /// A line under it, if any.
    package var note: String?
    /// The note is a figure alone (`98,600人次`), to be kept on one line like the value.
    package var noteIsFigure: Bool
    /// The page that explains it.
    package var url: String

    /// A headline figure: its label, value, an optional note and the page that explains it.
    package init(label: String, value: String, note: String? = nil, noteIsFigure: Bool = false, url: String) {
        self.label = label
        self.value = value
        self.note = note
        self.noteIsFigure = noteIsFigure
        self.url = url
    }
}

extension Statistics {
    /// The program the headlines report on: the one with a citywide total and the most projects,
    /// else the one with the most projects.
    package var headlineProgram: ProjectGroup? {
        if let share = shares.max(by: { ($0.group.count, $1.total.program) < ($1.group.count, $0.total.program) }), share.group.count > 0 {
            return share.group
        }
        return programs.max { ($0.count, $1.program) < ($1.count, $0.program) }
    }

    /// Headline figures for the home page and the overview, in reading order.
    package func headlines(urls: SiteURLs) -> [Headline] {
        let organizations = urls.statistics(OrganizationTables.theme)
        let projects = urls.statistics(ProjectTables.theme)
        var out = [
            Headline(
                label: "登记注册女性社会组织", value: "\(federationRegistered.count)家", note: "业务主管单位：\(federation)",
                url: organizations + "#by-supervisor")
        ]
        for f in figures where f.id == Statistics.grassrootsFigureID {
            out.append(
                Headline(
                    label: f.label, value: Statistics.figureValue(f), note: Statistics.sourceNote(f.source, f.date),
                    url: organizations + "#by-kind"))
        }
        if let last = alliance.last {
            out.append(Headline(label: "公益联盟成员组织（\(last.year)年）", value: "\(last.cumulative)家", url: organizations + "#alliance"))
        }
        if let g = headlineProgram {
            let share = shares.first { $0.group.program == g.program && $0.group.round == g.round && $0.group.years == g.years }
            let span = g.years.lowerBound == g.years.upperBound ? "\(g.years.lowerBound)" : "\(g.years.lowerBound)–\(g.years.upperBound)"
            let anchor = projects + (share != nil ? "#shares" : "#by-program")
            out.append(
                Headline(
                    label: "\(g.program)中标项目（\(span)）", value: "\(g.count)个",
                    note: share.flatMap { s in s.share.map { "占全市\(s.total.totalProjects!)个项目的\($0.display)；\(s.sourceNote)" } },
                    url: anchor))
            out.append(Headline(label: "\(g.program)资助金额", value: g.funding.wanYuan, url: anchor))
            out.append(
                Headline(
                    label: "\(g.program)服务人次", value: NumberText.approximate(g.beneficiaries) + "人次",
                    note: "\(NumberText.grouped(g.beneficiaries))人次", noteIsFigure: true, url: anchor))
        }
        return out
    }
}
