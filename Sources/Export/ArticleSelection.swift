import Content
import Diagnostics
import Foundation

/// Which articles to export: named slugs, a column (and issue), a date range, or all of them.
package struct ArticleSelection: Sendable, Equatable {
    /// Articles named by slug, in the order given.
    package var slugs: [String]
    /// Articles of this column.
    package var column: String?
    /// Articles of this issue of `column`.
    package var issue: Int?
    /// `2014-05-20`, inclusive, in the site's calendar.
    package var from: String?
    /// `2014-12-31`, inclusive.
    package var to: String?
    /// Every article.
    package var all: Bool

    /// A selection as the command line gives it; ``select(from:)`` checks it.
    package init(slugs: [String] = [], column: String? = nil, issue: Int? = nil, from: String? = nil, to: String? = nil, all: Bool = false) {
        self.slugs = slugs
        self.column = column
        self.issue = issue
        self.from = from
        self.to = to
        self.all = all
    }

    private var hasFilters: Bool { column != nil || issue != nil || from != nil || to != nil }

    /// The selected articles: slugs in the order given (without repeats), otherwise by date
    /// and slug. Throws when the selection is missing, contradictory, names unknown articles
    /// or matches nothing.
    package func select(from site: SiteContent) throws -> [Article] {
        if !slugs.isEmpty {
            guard !hasFilters, !all else { throw ExportError.conflictingSelection }
            return try bySlug(site)
        }
        guard hasFilters || all else { throw ExportError.noSelection }
        if issue != nil, column == nil { throw ExportError.issueWithoutColumn }

        let parser = DateParser(timeZone: TimeZone(identifier: site.config.timeZoneIdentifier) ?? TimeZone(identifier: "Asia/Shanghai")!)
        let lower = try from.map { try Self.day($0, parser) }
        let upper = try to.map { try Self.day($0, parser) }
        if let lower, let upper, lower > upper { throw ExportError.invalidRange(from: from!, to: to!) }
        if let column, !site.articles.contains(where: { $0.column == column }) {
            let columns = Set(site.articles.compactMap(\.column))
            throw ExportError.unknownColumn(column, suggestion: closestMatch(to: column, in: columns.sorted()))
        }
        let chosen = site.articles.filter { a in
            if let column, a.column != column { return false }
            if let issue, a.issue != issue { return false }
            if let lower, a.date.isoDate < lower { return false }
            if let upper, a.date.isoDate > upper { return false }
            return true
        }
        guard !chosen.isEmpty else { throw ExportError.emptySelection(self) }
        return chosen.sorted { ($0.date, $0.slug) < ($1.date, $1.slug) }
    }

    private func bySlug(_ site: SiteContent) throws -> [Article] {
        var bySlug: [String: Article] = [:]
        for a in site.articles { bySlug[a.slug] = a }
        var seen = Set<String>()
        let wanted = slugs.filter { seen.insert($0).inserted }
        let unknown = wanted.filter { bySlug[$0] == nil }.map {
            ExportError.UnknownSlug(slug: $0, suggestion: closestMatch(to: $0, in: bySlug.keys.sorted()))
        }
        guard unknown.isEmpty else { throw ExportError.unknownArticles(unknown) }
        return wanted.compactMap { bySlug[$0] }
    }

    /// `2014-05-20` as the same text, after checking it is a real date.
    private static func day(_ text: String, _ parser: DateParser) throws -> String {
        switch parser.parse(text) {
        case .success(let date): return date.isoDate
        case .failure(.impossible(let why)): throw ExportError.invalidDate(text, reason: why)
        case .failure(.unreadable): throw ExportError.invalidDate(text, reason: nil)
        }
    }

    /// The selection in words, for messages: `栏目“妇儿之窗”第26期，2014-01-01 至 2014-12-31`.
    package var summary: String { summary(in: .zh) }

    /// ``summary`` in either language: `the column 妇儿之窗, issue 26, 2014-01-01 to 2014-12-31`.
    package func summary(in lang: MessageLanguage) -> String {
        let zh = lang == .zh
        if !slugs.isEmpty { return slugs.joined(separator: zh ? "、" : ", ") }
        var parts: [String] = []
        if let column {
            parts.append(zh ? "栏目“\(column)”" + (issue.map { "第\($0)期" } ?? "") : "the column \(column)" + (issue.map { ", issue \($0)" } ?? ""))
        }
        switch (from, to) {
        case let (f?, t?): parts.append(zh ? "\(f) 至 \(t)" : "\(f) to \(t)")
        case let (f?, nil): parts.append(zh ? "\(f) 起" : "from \(f)")
        case let (nil, t?): parts.append(zh ? "至 \(t)" : "until \(t)")
        default: break
        }
        return parts.isEmpty ? (zh ? "全部文章" : "every article") : parts.joined(separator: zh ? "，" : ", ")
    }

    /// A file name for a bundle of this selection, without extension: `fuer-zhichuang-26`
    /// (the column's slug from `site.yaml` when there is one), `articles-2014-01-01-2014-12-31`,
    /// `articles`; named articles give their own slugs (``slugName``).
    package func bundleName(site: SiteContent) -> String {
        if !slugs.isEmpty { return slugName }
        var parts: [String] = []
        if let column {
            parts.append(site.config.nameSlugs[column] ?? Self.fileSafe(column))
            if let issue { parts.append(String(issue)) }
        } else {
            parts.append("articles")
        }
        if let from { parts.append(Self.fileSafe(from)) }
        if let to { parts.append(Self.fileSafe(to)) }
        return parts.joined(separator: "-")
    }

    /// Up to three slugs joined by `_` (`alliance-founded-2014_charity-market-2014`); past
    /// three, the first three and how many more (`a_b_c-and-2-more`), so the name stays short
    /// enough for a mail attachment yet says what is inside.
    private var slugName: String {
        var seen = Set<String>()
        let unique = slugs.filter { seen.insert($0).inserted }.map(Self.fileSafe)
        let shown = unique.prefix(3).joined(separator: "_")
        return unique.count > 3 ? "\(shown)-and-\(unique.count - 3)-more" : shown
    }

    /// Keeps letters (Chinese included), digits and `-_`; anything else becomes `-`.
    static func fileSafe(_ text: String) -> String {
        let mapped = text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }
        let s = String(mapped).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return s.isEmpty ? "export" : s
    }
}
