import Diagnostics
import Foundation

/// The Traditional Chinese edition a site asks for in `site.yaml`:
///
///     editions: [zh-Hans, zh-Hant]
///     traditional:
///       variant: s2twp     # Taiwan usage (default); s2hk for Hong Kong
///       path: zh-hant      # the Traditional pages' folder below the base URL
///
/// and the author's own conversions, `content/data/traditional.yaml` (`简体: 繁體`).
package struct TraditionalEdition: Sendable {
    /// OpenCC's phrase-level configurations (`/usr/share/opencc/<name>.json`).
    package enum Variant: String, Sendable, CaseIterable {
        case s2twp, s2hk
        /// The `lang` of the pages and the hreflang of links to them.
        package var language: String { "zh-Hant" }
        /// Open Graph's locale.
        package var locale: String { self == .s2hk ? "zh_HK" : "zh_TW" }
    }

    /// Taiwan usage with phrases when `site.yaml` names no variant, as the README promises;
    /// `variant: s2hk` for Hong Kong.
    package var variant: Variant = .s2twp
    /// The folder of the Traditional pages below the base URL, without slashes.
    package var path: String = "zh-hant"
    /// The author's own conversions (`content/data/traditional.yaml`): they win over OpenCC's.
    package var terms: [String: String] = [:]

    /// The defaults are what a site that only says `editions: [zh-Hans, zh-Hant]` gets; tests
    /// build other editions without a `site.yaml`.
    package init(variant: Variant = .s2twp, path: String = "zh-hant", terms: [String: String] = [:]) {
        self.variant = variant
        self.path = path
        self.terms = terms
    }

    /// The file of the author's own conversions.
    package static let termsPath = "content/data/traditional.yaml"
    /// Folders the main edition writes: the Traditional pages cannot go there.
    static let reservedPaths: Set<String> = [
        "organizations", "events", "articles", "projects", "tags", "statistics", "search",
        "assets", "reports", "images", "page",
    ]
    /// What `editions:` accepts.
    static let editionNames = ["zh-Hans", "zh-Hant"]
}

/// An entry's hand-written Traditional text, used instead of the conversion of its title or
/// summary (`title_hant:`, `summary_hant:` in the front matter).
package struct TraditionalOverrides: Sendable {
    /// Replaces the conversion of the title: OpenCC cannot know a name's own Traditional form.
    package var title: String?
    /// Replaces the conversion of the summary, for the same reason.
    package var summary: String?
    /// Made by the front-matter reader, and by tests without a file.
    package init(title: String? = nil, summary: String? = nil) {
        self.title = title
        self.summary = summary
    }

    /// Read from an entry's front matter (every kind may have them).
    static func read(_ f: FieldReader) -> TraditionalOverrides {
        TraditionalOverrides(title: f.string("title_hant"), summary: f.string("summary_hant"))
    }
}

extension SiteConfigReader {
    /// `editions:` and `traditional:` of `site.yaml`, and the terms file when the Traditional
    /// edition is on. nil when the site has only the Simplified edition.
    static func readEditions(_ f: FieldReader, root: URL, into sink: inout DiagnosticSink) -> TraditionalEdition? {
        let names = f.strings("editions")
        for (i, name) in names.enumerated() where !TraditionalEdition.editionNames.contains(name) {
            f.errorAt(
                f.location(key: "editions", item: i),
                .invalidChoice(field: "editions", value: name, allowed: TraditionalEdition.editionNames))
        }
        var edition = TraditionalEdition()
        if let m = f.mapping("traditional") {
            if let v = m.string("variant") {
                if let variant = TraditionalEdition.Variant(rawValue: v) {
                    edition.variant = variant
                } else {
                    m.error(
                        .invalidChoice(field: "variant", value: v, allowed: TraditionalEdition.Variant.allCases.map(\.rawValue)), valueOf: "variant")
                }
            }
            if let p = m.string("path") {
                if !Slug.isValid(p) {
                    m.error(.invalidEditionPath(p, reserved: false), valueOf: "path")
                } else if TraditionalEdition.reservedPaths.contains(p) {
                    m.error(.invalidEditionPath(p, reserved: true), valueOf: "path")
                } else {
                    edition.path = p
                }
            }
        }
        guard names.contains("zh-Hant") else { return nil }
        edition.terms = readTerms(root: root, into: &sink)
        return edition
    }

    /// `content/data/traditional.yaml`: a mapping of Simplified terms to their Traditional
    /// form. A missing file is no terms.
    private static func readTerms(root: URL, into sink: inout DiagnosticSink) -> [String: String] {
        let path = TraditionalEdition.termsPath
        guard case .text(let raw) = SiteLoader.readText(path, root: root, into: &sink) else { return [:] }
        let source = SourceText(path: path, text: raw)
        guard let f = source.fields(yaml: source.text, firstLine: 1, into: &sink) else { return [:] }
        var terms: [String: String] = [:]
        for key in f.keys {
            guard let value = f.string(key, required: true) else { continue }
            if key.isEmpty { f.error(.missingField("简体词"), key: key) } else { terms[key] = value }
        }
        f.reportUnknownKeys()
        sink.append(contentsOf: f.diagnostics)
        return terms
    }
}
