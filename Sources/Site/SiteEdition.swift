import Content
import Edition
import Templates

/// What differs between the Simplified and the Traditional edition of a page besides its
/// content: the interface strings (`{{t.name}}`), the locale, and the links to the same page
/// in the other edition (`{{edition.switch}}` in the header, `{{edition.alternates}}` as
/// `hreflang` links). The two editions' URLs mirror each other: the Traditional one is the
/// Simplified one with the edition's folder after the base path.
struct SiteEdition: Sendable {
    let strings: TemplateValue
    /// Open Graph's locale.
    let locale: String
    /// This edition's hreflang and base path.
    let lang: String
    let base: String
    let other: Other?
    /// The main edition's absolute base URL and its path: both editions' URLs start with them.
    let mainBaseURL: String
    let mainBase: String

    struct Other: Sendable {
        let lang: String
        let base: String
        /// The switch's text, in the other edition's script.
        let label: String
    }

    /// A site with one edition: no switch, no alternates.
    static let simplifiedOnly = SiteEdition(
        strings: strings(UIStrings.zhCN), locale: "zh_CN", lang: "zh-Hans", base: "/", other: nil,
        mainBaseURL: "/", mainBase: "/")

    /// The Simplified edition of `config`'s site, linking to the Traditional one when there is one.
    static func simplified(_ config: SiteConfig) -> SiteEdition {
        guard let t = config.traditional else { return simplifiedOnly }
        return SiteEdition(
            strings: simplifiedOnly.strings, locale: "zh_CN", lang: "zh-Hans", base: config.basePath,
            other: Other(lang: t.variant.language, base: config.basePath + t.path + "/", label: "繁體"),
            mainBaseURL: config.baseURL, mainBase: config.basePath)
    }

    /// The Traditional edition of `main`'s site, its strings converted by `converter`.
    static func traditional(_ main: SiteConfig, converter: TraditionalConverter) -> SiteEdition {
        let t = converter.edition
        return SiteEdition(
            strings: strings(UIStrings.zhCN.mapValues(converter.text)), locale: t.variant.locale, lang: t.variant.language,
            base: main.basePath + t.path + "/", other: Other(lang: "zh-Hans", base: main.basePath, label: "简体"),
            mainBaseURL: main.baseURL, mainBase: main.basePath)
    }

    private static func strings(_ table: [String: String]) -> TemplateValue {
        .object(TemplateFields(table.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
    }

    /// The same page in the other edition.
    func counterpart(of url: String) -> String? {
        guard let other, url.hasPrefix(base) else { return nil }
        return other.base + url.dropFirst(base.count)
    }

    /// `{{edition.locale}}`, `{{edition.lang}}`, and on a site with both editions
    /// `{{#edition.switch}}{url, label, lang}` and `{{#edition.alternates}}{lang, href}` (both
    /// editions, this one included, as search engines ask).
    func context(for url: String) -> TemplateValue {
        var fields: TemplateFields = ["locale": .string(locale), "lang": .string(lang)]
        guard let other, let there = counterpart(of: url) else { return .object(fields) }
        fields["switch"] = ["url": .string(there), "label": .string(other.label), "lang": .string(other.lang)]
        let here: TemplateValue = ["lang": .string(lang), "href": .string(absolute(url))]
        let away: TemplateValue = ["lang": .string(other.lang), "href": .string(absolute(there))]
        fields["alternates"] = .list(lang == "zh-Hans" ? [here, away] : [away, here])
        return .object(fields)
    }

    private func absolute(_ url: String) -> String {
        url.hasPrefix(mainBase) ? mainBaseURL + url.dropFirst(mainBase.count) : url
    }
}
