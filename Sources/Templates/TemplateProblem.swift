import Diagnostics

/// Everything that can be wrong with the site's templates, in both languages: a syntax
/// mistake the parser finds (with its place in ``TemplateSyntaxError``), and the names the
/// folder as a whole must hold (Site's `TemplateFolder.swift` reports those).
package enum TemplateProblem: Problem {
    /// `{{title` with no `}}` on the same line.
    case unfinishedTag
    /// `{{/titel}}` closing `{{#title}}`.
    case closeMismatch(opened: String, closed: String)
    /// `{{/x}}` with no open section.
    case closeWithoutOpen(String)
    /// `{{#x}}` never closed; the location is the opening tag.
    case sectionNeverClosed(String)
    /// `{{}}`, `{{a b}}`, `{{a..b}}`.
    case badName(String)
    case unknownFunction(String)
    /// `{{=<% %>=}}` written wrongly.
    case badDelimiters
    /// Sections nested deeper than any page needs (rendering recurses once per level).
    case tooDeep
    /// A template the build needs, or a partial or parent a template names, that is not there
    /// (`templates/partials/nav.html`).
    case missingTemplate(String)
    /// `template` includes `includer`, which includes it, directly or through others:
    /// rendering would never finish.
    case includeLoop(template: String, includer: String)

    /// The message and the fix, in `lang`.
    package func text(in lang: MessageLanguage) -> (message: String, hint: String) {
        let zh = lang == .zh
        let syntax = zh ? "模板语法错误：" : "template syntax error: "
        switch self {
        case .unfinishedTag:
            return zh
                ? (syntax + "标签没有用 }} 结束", "在同一行写完整个标签，以 }} 结束")
                : (syntax + "the tag is not closed with }}", "finish the tag with }} on the same line")
        case .closeMismatch(let opened, let closed):
            return zh
                ? (syntax + "结束标签 {{/\(closed)}} 的名称与开始标签 {{#\(opened)}} 不一致", "改成 {{/\(opened)}}，让开始与结束标签的名称一致")
                : (syntax + "{{/\(closed)}} closes {{#\(opened)}}: the names differ", "write {{/\(opened)}}, the name of the opening tag")
        case .closeWithoutOpen(let name):
            return zh
                ? (syntax + "结束标签 {{/\(name)}} 前面没有对应的开始标签", "删掉它，或在前面加上 {{#\(name)}}")
                : (syntax + "{{/\(name)}} closes no open section", "remove it, or open the section with {{#\(name)}} before it")
        case .sectionNeverClosed(let name):
            return zh
                ? (syntax + "缺少结束标签 {{/\(name)}}", "在区块结束的地方加上 {{/\(name)}}")
                : (syntax + "the section is never closed with {{/\(name)}}", "add {{/\(name)}} where the section ends")
        case .badName(let name):
            return zh
                ? (syntax + "标签名称“\(Self.shown(name))”写法有误", "名称由字母、数字和点组成，例如 {{title}}、{{site.name}}，不能有空格")
                : (syntax + "the tag name `\(Self.shown(name))` is not valid", "write a name of letters, digits and dots, such as {{title}} or {{site.name}}, without spaces")
        case .unknownFunction(let name):
            let known = TemplateFunction.allCases.map { "\($0.rawValue)()" }
            let suggestion = closestMatch(to: name, in: TemplateFunction.allCases.map(\.rawValue))
            if let s = suggestion {
                return zh
                    ? (syntax + "没有名为 \(Self.shown(name))() 的函数，是不是 \(s)()？", "改成 \(s)()。可用的有 " + known.joined(separator: "、"))
                    : (syntax + "there is no function \(Self.shown(name))(): did you mean \(s)()?", "write \(s)(). Functions: " + known.joined(separator: ", "))
            }
            return zh
                ? (syntax + "没有名为 \(Self.shown(name))() 的函数", "可用的有 " + known.joined(separator: "、"))
                : (syntax + "there is no function \(Self.shown(name))()", "use one of: " + known.joined(separator: ", "))
        case .badDelimiters:
            return zh
                ? (syntax + "分隔符设置 {{=… …=}} 写法有误", "写成 {{=<% %>=}}：两个新的分隔符之间一个空格，两端各一个等号")
                : (syntax + "the set-delimiter tag is not valid", "write it as {{=<% %>=}}: two new delimiters, one space between them, = at both ends")
        case .tooDeep:
            return zh
                ? (syntax + "区块嵌套超过 \(TemplateParser.maxDepth) 层", "减少区块的嵌套层数，把深处的内容移到局部模板（partial）里")
                : (
                    syntax + "sections are nested more than \(TemplateParser.maxDepth) deep",
                    "nest fewer sections; move the inner part into a partial"
                )
        case .missingTemplate(let name):
            return zh
                ? ("缺少模板 \(name)", "在 templates/ 里补上这个文件（可从默认主题复制）")
                : ("the template \(name) is missing", "add it to templates/ (copy it from the default theme)")
        case .includeLoop(let template, let includer):
            return zh
                ? (syntax + "\(template) 又包含了 \(includer)，模板互相包含会无限循环", "去掉其中一处包含")
                : (syntax + "\(template) includes \(includer) in turn: templates that include each other never finish", "remove one of the two inclusions")
        }
    }
}
