/// A template compiled once into a tree: every name already split at its dots, every function
/// already resolved, every section already matched with its end, so that rendering a page
/// does no parsing at all.
indirect enum TemplateNode: Sendable {
    case text(String)
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}` (as is).
    case value(TemplatePath, escaped: Bool)
    /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}` when inverted.
    case section(TemplatePath, [TemplateNode], inverted: Bool)
    /// `{{>name}}`.
    case partial(String)
    /// `{{<name}}{{$block}}…{{/block}}{{/name}}`: the named template with some blocks replaced.
    case parent(String, overrides: [String: [TemplateNode]])
    /// `{{$name}}default{{/name}}`: replaced by a child template's block of the same name.
    case block(String, [TemplateNode])
}

/// A name as a template writes it: `title`, `site.federation.name`, `.` (the current value),
/// `empty(tags)` (a function of a name).
struct TemplatePath: Sendable {
    /// The dotted name split once, each part hashed once; empty for `.`.
    let names: [TemplateName]
    /// Functions to apply, innermost first: `count(reversed(x))` is `[.reversed, .count]`.
    let functions: [TemplateFunction]
}

/// The functions a template may apply to a value. A short fixed list, checked when the
/// template is loaded, so that a misspelt function is an error rather than an empty page.
enum TemplateFunction: String, Sendable, CaseIterable {
    /// True for a missing value, `false`, an empty list or an empty string.
    case empty
    /// The number of items of a list, or of characters of a string.
    case count
    case first
    case last
    case reversed
    case uppercased
    case lowercased
}
