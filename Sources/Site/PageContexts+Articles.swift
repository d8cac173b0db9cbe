import Content
import Support
import Templates

/// Article pages: the lists (all, by column, by year, paged) and each article with its
/// neighbours, related articles, downloads and Schema.org data.
extension PageContexts {
    func articleFacets(current: String) -> TemplateValue {
        [
            "columns": .list(
                index.columns.map { col in
                    [
                        "name": .string(col), "url": .string(urls.articlesInColumn(col)), "count": .int(index.articlesByColumn[col]?.count ?? 0),
                        "current": .bool(current.hasPrefix(urls.articlesInColumn(col))),
                    ]
                }),
            "years": .list(
                index.articleYears.map { y in
                    [
                        "name": "\(y)年", "url": .string(urls.articlesInYear(y)), "count": .int(index.articlesByYear[y]?.count ?? 0),
                        "current": .bool(current.hasPrefix(urls.articlesInYear(y))),
                    ]
                }),
        ]
    }

    func articleList(_ list: ArticleList, page n: Int) -> TemplateFields {
        let all = index.articles(in: list, of: site)
        let base = list.url(urls)
        let (range, pagination) = pagination(of: base, page: n, count: all.count)
        return [
            "heading": .string(list.title), "articles": .list(all[range].map { cards.articles[$0] }),
            "facets": listFacets[base] ?? articleFacets(current: base), "pagination": pagination,
            "feed": .string(urls.file(columnFeed(list) ?? "feed.xml")), "columnFeed": columnFeed(list).map { .string(urls.file($0)) } ?? false,
        ]
    }

    /// A column's own feed; the other lists share the site feed.
    private func columnFeed(_ list: ArticleList) -> String? {
        if case .column(let c) = list { return Feeds.columnFeedPath(c, urls: urls) }
        return nil
    }

    func article(_ i: Int) -> (String, String?, TemplateFields) {
        let a = site.articles[i]
        var c = cards.articleFields[i]
        c["body"] = .utf8(a.source.body.htmlUTF8)
        let characters = Summary.characterCount(a.source.body)
        c["readingMinutes"] = .int(Summary.readingMinutes(characters: characters))
        c["characters"] = .string(characters.grouped)
        c["organizations"] = vm.organizationRefs(a.organizations)
        // Articles are sorted newest first: the previous (older) one is the next index.
        c["previous"] = i + 1 < site.articles.count ? cards.articleLinks[i + 1] : false
        c["next"] = i > 0 ? cards.articleLinks[i - 1] : false
        c["related"] = .list(index.related(to: i, tags: a.tags).map { cards.relatedItems[$0] })
        c["downloads"] =
            downloads
            ? ["word": .string(urls.file("articles/\(a.slug)/\(a.slug).docx")), "text": .string(urls.file("articles/\(a.slug)/\(a.slug).txt"))]
            : false
        c["jsonLD"] = .string(articleJSONLD(a))
        return (a.title, a.summary, c)
    }

    /// Schema.org data for search engines; every value escaped for a `<script>` element.
    private func articleJSONLD(_ a: Article) -> String {
        func j(_ s: String) -> String { Escape.jsonString(s, forScript: true) }
        return """
            {"@context":"https://schema.org","@type":"NewsArticle","headline":\(j(a.title)),"datePublished":"\(a.date.isoDate)",\
            "author":{"@type":"Organization","name":\(j(a.author ?? site.config.federation.name))},"inLanguage":\(j(site.config.language)),\
            "url":\(j(absolute(urls.article(a.slug))))}
            """
    }
}
