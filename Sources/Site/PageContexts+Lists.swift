import Content
import Search
import Templates

/// The pages that gather from every kind of entry: the home page, the tags, the search page,
/// and the pager that article and tag lists share.
extension PageContexts {
    func home() -> TemplateFields {
        let upcoming = site.events.filter { ($0.end ?? $0.start) >= today }.sorted { $0.start < $1.start }
        return [
            "headlines": .list(
                statistics.headlines(urls: urls).map {
                    [
                        "label": .string($0.label), "value": .string($0.value), "note": .text($0.note), "noteIsFigure": .bool($0.noteIsFigure),
                        "url": .string($0.url),
                    ]
                }),
            "statisticsUrl": .string(urls.statistics()),
            "latestArticles": .list(site.articles.indices.prefix(6).map { cards.articles[$0] }),
            "articlesUrl": .string(urls.section("articles")),
            "upcomingEvents": .list(upcoming.prefix(4).map { .object(vm.eventCard($0, today: today)) }),
            "recentEvents": .list(site.events.filter { ($0.end ?? $0.start) < today }.prefix(3).map { .object(vm.eventCard($0, today: today)) }),
            "eventsUrl": .string(urls.section("events")),
            "featured": .list(site.organizations.indices.filter { site.organizations[$0].featured }.map { cards.organizations[$0] }),
            "organizationsUrl": .string(urls.section("organizations")),
            "intro": .text(site.config.description),
        ]
    }

    /// Every tag with how many articles, events and organizations carry it.
    func tagIndex(heading: String) -> TemplateFields {
        let tags = index.tags.map { t -> TemplateValue in
            let n = (index.articlesByTag[t]?.count ?? 0) + (index.eventsByTag[t]?.count ?? 0) + (index.organizationsByTag[t]?.count ?? 0)
            return ["name": .string(t), "url": .string(urls.tag(t)), "count": .int(n)]
        }
        return ["heading": .string(heading), "tags": .list(tags)]
    }

    func tag(_ t: String, page n: Int) -> TemplateFields {
        let articles = index.articlesByTag[t] ?? []
        let (range, pagination) = pagination(of: urls.tag(t), page: n, count: articles.count)
        // Events and organizations are few; they are listed on the first page only.
        return [
            "tag": .string(t),
            "articles": .list(articles[range].map { cards.articles[$0] }),
            "events": .list(n == 1 ? (index.eventsByTag[t] ?? []).map { .object(vm.eventCard(site.events[$0], today: today)) } : []),
            "organizations": .list(n == 1 ? (index.organizationsByTag[t] ?? []).map { cards.organizations[$0] } : []),
            "allTagsUrl": .string(urls.section("tags")),
            "pagination": pagination,
        ]
    }

    /// The search page: the kinds to filter by and where to go without JavaScript.
    func searchPage() -> TemplateFields {
        [
            "kinds": .list(SearchDocument.Kind.allCases.map { ["key": .string($0.key), "label": .string($0.label)] }),
            "directory": .string(urls.section("organizations")),
        ]
    }

    /// One page of a list: its slice of items and the links to the other pages.
    func pagination(of url: String, page n: Int, count: Int) -> (range: Range<Int>, context: TemplateValue) {
        let per = PagePlanner.articlesPerPage
        let total = PagePlanner.pageCount(count)
        let range = min(count, (n - 1) * per)..<min(count, n * per)
        guard total > 1 else { return (range, false) }
        let context: TemplateValue = [
            "current": .int(n), "total": .int(total),
            "pages": .list(
                PagePlanner.pagerNumbers(current: n, total: total).map { number -> TemplateValue in
                    guard let number else { return ["gap": true, "current": false] }
                    return ["number": .int(number), "url": .string(urls.paged(url, number)), "current": .bool(number == n), "gap": false]
                }),
            "newer": n > 1 ? .string(urls.paged(url, n - 1)) : false,
            "older": n < total ? .string(urls.paged(url, n + 1)) : false,
        ]
        return (range, context)
    }
}
