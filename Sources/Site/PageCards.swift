import Content
import Support
import Templates

/// What every page is made from and is the same on each: each entry's card fields (the start of
/// its own page's context too) and the article and organization cards rendered once from their
/// partials. `SiteBuilder.build` makes it as its own timed phase (渲染卡片), before any page;
/// the page contexts only read it, on many threads at once.
struct PageCards: Sendable {
    /// The partial each article's card is rendered from.
    static let articleCardTemplate = "partials/article-card"
    /// The partial each organization's card is rendered from.
    static let organizationCardTemplate = "partials/organization-card"

    /// The content's view models; made here because the cards need them, reused by the pages.
    let vm: ViewModels
    /// The site-wide fields and menus; made here because a card sees `site` too.
    let shared: SharedParts
    /// Each article's card fields, made once: for its card and again for its own page.
    let articleFields: [TemplateFields]
    /// `{card}` with each article's card, rendered once from `partials/article-card.html`: an
    /// article appears in many lists (all, its column, its year, each of its tags, its
    /// organizations' pages). Lists take them with closures (`map { cards.articles[$0] }`): a
    /// method passed as a function (`map(card)`) copied the whole of `PageContexts` for each list.
    private(set) var articles: [TemplateValue]
    /// `{title, url}` of each article, for the previous and next links of its neighbours.
    let articleLinks: [TemplateValue]
    /// `{title, url, date, datetime}` of each article, for the related lists it appears in.
    let relatedItems: [TemplateValue]
    /// Each project's card fields, made once: for every project list, its organization's page
    /// and its own page.
    let projectFields: [TemplateFields]
    /// Each organization's card fields, made once: for its card and again for its own page.
    let organizationFields: [TemplateFields]
    /// `{card}` with each organization's card, rendered once from
    /// `partials/organization-card.html` (all, its domain, its kind, the alliance, its tags,
    /// the home page).
    private(set) var organizations: [TemplateValue]

    /// A preview's last cards, which a rebuild may reuse for the entries whose files it did not
    /// parse again (`LiveOutput.cardsToReuse` says when: the load patched the last build's, so
    /// every entry is where it was, with the same templates).
    struct Reuse: Sendable {
        let cards: PageCards
        /// The content files parsed again (`content/articles/x.md`): their entries' cards are made anew.
        let changed: Set<String>
    }

    /// Renders every card on all cores; with `reusing`, only those of the entries that changed.
    /// An article's and an organization's card are made from the entry itself (with the site's
    /// settings and the templates, which are the same); a project's names its organization, so
    /// the projects' are made anew when an organization changed.
    init(
        site: SiteContent, index: SiteIndex, urls: SiteURLs, templates: TemplateSet, edition: SiteEdition,
        reusing reuse: Reuse? = nil
    ) {
        let shared = SharedParts(site: site, urls: urls)
        self.shared = shared
        let vm = ViewModels(site: site, index: index, urls: urls)
        self.vm = vm
        /// A card sees its own fields, `site` and `t`.
        @Sendable func render(_ template: String, _ fields: TemplateFields) -> TemplateValue {
            var card = fields
            card["site"] = shared.site
            card["t"] = edition.strings
            // Kept as the rendered bytes: a list prints them as they are (`{{{card}}}`).
            return ["card": .utf8(templates.renderBytes(template, card).array)]
        }
        if let reuse {
            let last = reuse.cards
            let changed = reuse.changed
            let articles = site.articles.indices.filter { changed.contains(site.articles[$0].source.path) }
            var articleFields = last.articleFields, cards = last.articles, links = last.articleLinks, related = last.relatedItems
            for i in articles {
                articleFields[i] = vm.articleCard(site.articles[i])
                cards[i] = render(Self.articleCardTemplate, articleFields[i])
                (links[i], related[i]) = (Self.link(articleFields[i]), Self.relatedItem(articleFields[i]))
            }
            (self.articleFields, self.articles, articleLinks, relatedItems) = (articleFields, cards, links, related)
            let organizations = site.organizations.indices.filter { changed.contains(site.organizations[$0].source.path) }
            var organizationFields = last.organizationFields, organizationCards = last.organizations
            for i in organizations {
                organizationFields[i] = vm.organizationCard(site.organizations[i])
                organizationCards[i] = render(Self.organizationCardTemplate, organizationFields[i])
            }
            (self.organizationFields, self.organizations) = (organizationFields, organizationCards)
            var projectFields = last.projectFields
            for i in site.projects.indices where !organizations.isEmpty || changed.contains(site.projects[i].source.path) {
                projectFields[i] = vm.projectCard(site.projects[i])
            }
            self.projectFields = projectFields
            return
        }
        let articleFields = Parallel.map(site.articles) { vm.articleCard($0) }
        self.articleFields = articleFields
        articles = Parallel.map(articleFields) { render(Self.articleCardTemplate, $0) }
        articleLinks = Parallel.map(articleFields) { Self.link($0) }
        relatedItems = Parallel.map(articleFields) { Self.relatedItem($0) }
        let organizationFields = Parallel.map(site.organizations) { vm.organizationCard($0) }
        self.organizationFields = organizationFields
        organizations = Parallel.map(organizationFields) { render(Self.organizationCardTemplate, $0) }
        projectFields = Parallel.map(site.projects) { vm.projectCard($0) }
    }

    /// The same, with other article and organization cards in their places (the stand-ins the
    /// Traditional edition's list pages are rendered with, `SiteBuilder.writeTraditional`).
    func replacing(articles: [TemplateValue], organizations: [TemplateValue]) -> PageCards {
        var copy = self
        copy.articles = articles
        copy.organizations = organizations
        return copy
    }

    /// `{title, url}` of an article, from its card fields.
    private static func link(_ fields: TemplateFields) -> TemplateValue {
        ["title": fields["title"] ?? "", "url": fields["url"] ?? ""]
    }

    /// `{title, url, date, datetime}` of an article, from its card fields.
    private static func relatedItem(_ fields: TemplateFields) -> TemplateValue {
        ["title": fields["title"] ?? "", "url": fields["url"] ?? "", "date": fields["date"] ?? "", "datetime": fields["datetime"] ?? ""]
    }
}
