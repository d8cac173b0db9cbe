import Content

/// One value of a statistics table, kept exact so the page, the CSV, the JSON and the terminal agree.
package enum StatValue: Sendable, Hashable {
    case text(String)
    case count(Int)
    case money(Money)
    case percent(Percent)
    /// A figure that does not apply (a program without a citywide total).
    case empty

    /// As shown on the page and in the terminal: `98,600`, `217.29万元`, `20.8%`.
    package var display: String {
        switch self {
        case .text(let s): s
        case .count(let n): NumberText.grouped(n)
        case .money(let m): m.wanYuan
        case .percent(let p): p.display
        case .empty: "—"
        }
    }

    /// As written to CSV: `98600`, `2172900.00` (yuan, exact to the fen), `20.8`, or nothing.
    package var plain: String {
        switch self {
        case .text(let s): s
        case .count(let n): String(n)
        case .money(let m): m.yuanString
        case .percent(let p): p.plain
        case .empty: ""
        }
    }

    /// Whether the cell is a figure (right-aligned).
    package var isNumeric: Bool {
        if case .text = self { return false }
        return true
    }
}

/// A column: an ASCII key for JSON, a Chinese label for people, and the kind of its values.
package struct StatColumn: Sendable, Hashable {
    /// How a column's cells are written and aligned.
    package enum Kind: String, Sendable { case text, count, money, percent }
    /// Its key in CSV and JSON.
    package var key: String
    /// Its heading on the page.
    package var label: String
    /// How its cells are written.
    package var kind: Kind

    /// A column keyed `key` (in CSV and JSON), headed `label`.
    package init(_ key: String, _ label: String, _ kind: Kind) {
        self.key = key
        self.label = label
        self.kind = kind
    }

    /// The CSV header names the unit, since CSV cells are plain numbers.
    package var csvLabel: String {
        switch kind {
        case .money: label + "（元）"
        case .percent: label + "（%）"
        case .text, .count: label
        }
    }
}

/// An entry a figure counts, so every figure can link to what it is made of.
package struct EntryRef: Sendable, Hashable {
    /// The kind of entry a row links to.
    package enum Kind: String, Sendable { case organization, project, event, article }
    /// The kind of entry.
    package var kind: Kind
    /// The entry's slug.
    package var slug: String
    /// The entry's title or name.
    package var title: String

    /// The page this link leads to.
    package func url(_ urls: SiteURLs) -> String {
        switch kind {
        case .organization: urls.organization(slug)
        case .project: urls.project(slug)
        case .event: urls.event(slug)
        case .article: urls.article(slug)
        }
    }
}

/// Where a row's label links: the site's own listing of what the row counts.
package enum LinkTarget: Sendable, Hashable {
    case organization(String), organizationsOfKind(OrganizationKind), organizationsInDomain(String), allianceMembers
    case projectsInProgram(String), projectsInYear(Int)
    case eventsInYear(Int)
    case articlesInColumn(String), articlesInYear(Int)

    /// The page this link leads to.
    package func url(_ urls: SiteURLs) -> String {
        switch self {
        case .organization(let s): urls.organization(s)
        case .organizationsOfKind(let k): urls.organizationsOfKind(k)
        case .organizationsInDomain(let d): urls.organizationsInDomain(d)
        case .allianceMembers: urls.allianceMembers
        case .projectsInProgram(let p): urls.projectsInProgram(p)
        case .projectsInYear(let y): urls.projectsInYear(y)
        case .eventsInYear(let y): urls.eventsInYear(y)
        case .articlesInColumn(let c): urls.articlesInColumn(c)
        case .articlesInYear(let y): urls.articlesInYear(y)
        }
    }
}

/// One row of a table: its cells, the page it links to, the entries it counts.
package struct StatRow: Sendable {
    /// One cell per column.
    package var cells: [StatValue]
    /// The listing page the row's label links to.
    package var link: LinkTarget?
    /// The entries the row's figures count, listed on the theme page.
    package var entries: [EntryRef]

    /// A row of `cells`, linking to `link`, counting `entries`.
    package init(_ cells: [StatValue], link: LinkTarget? = nil, entries: [EntryRef] = []) {
        self.cells = cells
        self.link = link
        self.entries = entries
    }

    /// The first cell as text: the row's label.
    package var label: String { cells.first?.display ?? "" }
}

/// One figure of a theme page: a chart, the table behind it (its text alternative) and its downloads.
package struct StatTable: Sendable {
    /// `organizations`, `projects`, `events` or `articles`.
    package var theme: String
    /// ASCII, unique within the theme: the section's anchor and the download's file name (`by-program`).
    package var id: String
    /// The table's heading.
    package var title: String
    /// One sentence saying what is counted.
    package var summary: String
    /// The columns, in order.
    package var columns: [StatColumn]
    /// The body rows.
    package var rows: [StatRow]
    /// The `合计` row, when adding up makes sense.
    package var totals: StatRow?
    /// Sources and caveats, shown under the table.
    package var notes: [String] = []
    /// Inline SVG for wide screens and for phones, or nil when there is nothing to draw.
    package var chart: ChartSVG?

    /// `statistics/projects/by-program` (add `.csv` or `.json`).
    package var downloadStem: String { "statistics/\(theme)/\(id)" }

    /// The value of a column (by key) in the row whose label is `label`.
    package func value(_ key: String, row label: String) -> StatValue? {
        guard let c = columns.firstIndex(where: { $0.key == key }) else { return nil }
        let all = rows + (totals.map { [$0] } ?? [])
        return all.first { $0.label == label }?.cells[c]
    }
}
