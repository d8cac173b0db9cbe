import Content
import Templates

/// Project pages: all projects, by program, by year, and each project.
extension PageContexts {
    /// A list of projects (by index): every project list page shows hundreds, so their cards
    /// are made once, before the pages (`PageCards`).
    func projectList(_ projects: [Int], heading: String, url: String) -> TemplateFields {
        [
            "heading": .string(heading), "projects": .list(projects.map { .object(cards.projectFields[$0]) }), "count": .int(projects.count),
            "totalFunding": .string(projects.map { site.projects[$0].funding }.sum().wanYuan),
            "totalBeneficiaries": .string((projects.reduce(0) { $0 + site.projects[$1].beneficiaries }).grouped),
            "programs": .list(
                index.programs.map { p in
                    [
                        "name": .string(p), "url": .string(urls.projectsInProgram(p)), "count": .int(index.projectsByProgram[p]?.count ?? 0),
                        "current": .bool(url == urls.projectsInProgram(p)),
                    ]
                }),
            "years": .list(
                index.projectYears.map { y in
                    [
                        "name": "\(y)年", "url": .string(urls.projectsInYear(y)), "count": .int(index.projectsByYear[y]?.count ?? 0),
                        "current": .bool(url == urls.projectsInYear(y)),
                    ]
                }),
        ]
    }

    func project(_ i: Int) -> (String, String?, TemplateFields) {
        let p = site.projects[i]
        var c = cards.projectFields[i]
        c["body"] = .utf8(p.source.body.htmlUTF8)
        c["domainUrl"] = .string(urls.organizationsInDomain(p.domain))
        return (p.title, Summary.of(p.source.body), c)
    }
}
