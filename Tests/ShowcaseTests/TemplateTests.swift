import Content
@testable import Diagnostics
import Foundation
import Site
import Templates
import Testing

/// The template language on small template folders: what each tag renders, and what a
/// designer is told when a template is wrong.
@Suite struct TemplateTests {
    /// Writes `files` (name → text) as a template folder and loads it.
    static func templates(_ files: [String: String], required: [String] = []) throws -> TemplateSet {
        let folder = temporaryFolder("templates")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files {
            let url = folder.appendingPathComponent("\(name).html")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return try TemplateSet.load(folder: folder, required: required)
    }

    static func render(_ template: String, _ context: TemplateFields, partials: [String: String] = [:]) throws -> String {
        try templates(partials.merging(["main": template]) { a, _ in a }).render("main", context)
    }

    /// The diagnostics of a folder that fails to load, formatted as the command prints them.
    static func errors(_ files: [String: String], in lang: MessageLanguage = .zh) -> String {
        do {
            _ = try templates(files)
            return ""
        } catch let e as ContentErrors {
            return e.diagnostics.map { $0.formatted(in: lang) }.joined(separator: "\n")
        } catch {
            return "\(error)"
        }
    }

    @Test func valuesAreEscapedUnlessTripled() throws {
        let context: TemplateFields = ["v": "<b>&\"'", "n": 42, "yes": true, "list": ["x"], "object": ["x": "y"]]
        #expect(
            try Self.render("{{v}}|{{{v}}}|{{&v}}|{{n}}|{{yes}}|{{missing}}", context)
                == "&lt;b&gt;&amp;&quot;&#39;|<b>&\"'|<b>&\"'|42|true|")
        // A list or an object has no text of its own.
        #expect(try Self.render("[{{list}}][{{object}}]", context) == "[][]")
        // Text kept as UTF-8 bytes (rendered Markdown) prints like a string.
        let bytes: TemplateFields = ["u": .utf8(Array("<i>中</i>".utf8)), "none": .utf8([])]
        #expect(
            try Self.render("{{u}}|{{{u}}}|{{count(u)}}|{{#empty(none)}}empty{{/empty(none)}}", bytes)
                == "&lt;i&gt;中&lt;/i&gt;|<i>中</i>|8|empty")
    }

    @Test func dottedNamesAndTheContextStack() throws {
        let context: TemplateFields = [
            "site": ["title": "妇联", "owner": ["name": "市妇联"]],
            "t": ["more": "更多"], "more": "外层",
            "items": [["title": "甲"], ["title": "乙", "more": "自己的"]],
        ]
        #expect(try Self.render("{{site.owner.name}} {{t.more}} {{site.nothing.deeper}}", context) == "市妇联 更多 ")
        // Inside a section, names not found in the item are looked up outside it.
        #expect(try Self.render("{{#items}}{{title}}:{{more}}:{{site.title}};{{/items}}", context) == "甲:外层:妇联;乙:自己的:妇联;")
        // A dotted name's later parts are not looked up outside what its first part found.
        #expect(try Self.render("{{#items}}[{{site.more}}]{{/items}}", context) == "[][]")
        #expect(try Self.render("{{#site.owner}}{{name}}{{/site.owner}}", context) == "市妇联")
    }

    @Test func sectionsFollowTheValue() throws {
        let context: TemplateFields = [
            "on": true, "off": false, "empty": [], "words": ["一", "二"],
            "object": ["x": "X"], "text": "T", "zero": 0, "blank": "",
            "stringTables": [["a": "1"], ["a": "2"]],
        ]
        #expect(try Self.render("{{#on}}on{{/on}}{{#off}}off{{/off}}{{^off}}!off{{/off}}{{^on}}!on{{/on}}", context) == "on!off")
        #expect(try Self.render("{{#empty}}x{{/empty}}{{^empty}}none{{/empty}}{{^missing}}absent{{/missing}}", context) == "noneabsent")
        #expect(try Self.render("{{#words}}<{{.}}>{{/words}}", context) == "<一><二>")
        #expect(try Self.render("{{#object}}{{x}}{{/object}}{{#text}}[{{.}}]{{/text}}", context) == "X[T]")
        #expect(try Self.render("{{#stringTables}}{{a}}{{/stringTables}}", context) == "12")
        // Only a missing value, `false` and an empty list are false; zero and "" are values.
        #expect(try Self.render("{{#zero}}<{{.}}>{{/zero}}{{#blank}}<{{.}}>{{/blank}}{{^zero}}!{{/zero}}", context) == "<0><>")
    }

    @Test func functions() throws {
        let context: TemplateFields = ["tags": ["a", "b", "c"], "none": [], "name": "Ab", "blank": ""]
        let out = try Self.render(
            "{{^empty(tags)}}has{{/empty(tags)}}{{#empty(none)}}|none{{/empty(none)}}{{#empty(missing)}}|missing{{/empty(missing)}}"
                + "{{#empty(blank)}}|blank{{/empty(blank)}}|{{count(tags)}}|{{first(tags)}}{{last(tags)}}|{{#reversed(tags)}}{{.}}{{/reversed(tags)}}"
                + "|{{uppercased(name)}}{{lowercased(name)}}|{{count(reversed(tags))}}", context)
        #expect(out == "has|none|missing|blank|3|ac|cba|ABab|3")
    }

    @Test func partialsAndInheritance() throws {
        let set = try Self.templates([
            "layout": "<title>{{$title}}默认{{/title}}</title>{{>partials/nav}}<main>{{$main}}{{/main}}</main>",
            "partials/nav": "<nav>{{site}}</nav>",
            "section": "{{<layout}}{{$main}}节：{{$inner}}内{{/inner}}{{/main}}{{/layout}}",
            "page": "{{<section}}{{$title}}页{{/title}}{{$inner}}{{name}}{{/inner}}{{/section}}",
        ])
        #expect(set.render("page", ["site": "S", "name": "N"]) == "<title>页</title><nav>S</nav><main>节：N</main>")
        #expect(set.render("section", ["site": "S"]) == "<title>默认</title><nav>S</nav><main>节：内</main>")
    }

    @Test func standaloneTagLinesLeaveNoBlankLines() throws {
        let template = """
            <ul>
              {{#items}}
              <li>{{.}}</li>
              {{/items}}
              {{! a comment }}
            </ul>
            {{#none}}x{{/none}} kept
            """
        #expect(try Self.render(template, ["items": ["a", "b"]]) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n kept")
    }

    @Test func setDelimitersAndMultilineComments() throws {
        #expect(try Self.render("{{=<% %>=}}<% v %>{{v}}<%={{ }}=%>{{v}}{{! one\ntwo }}", ["v": "x"]) == "x{{v}}x")
    }

    @Test func syntaxErrorsNameTheTagAndPlaceIt() {
        #expect(
            Self.errors(["a": "<p>\n  {{#items}}{{title}}{{/item}}\n</p>"]) == """
                templates/a.html:2:22: 错误: 模板语法错误：结束标签 {{/item}} 的名称与开始标签 {{#items}} 不一致
                      {{#items}}{{title}}{{/item}}
                                         ^
                    修改方法：改成 {{/items}}，让开始与结束标签的名称一致
                """)
        #expect(Self.errors(["a": "x\n{{^empty(tags)}}\n"]).hasPrefix("templates/a.html:2:1: 错误: 模板语法错误：缺少结束标签 {{/empty(tags)}}"))
        #expect(Self.errors(["a": "{{/x}}"]).hasPrefix("templates/a.html:1:1: 错误: 模板语法错误：结束标签 {{/x}} 前面没有对应的开始标签"))
        #expect(Self.errors(["a": "中文{{ title\n}}"]).hasPrefix("templates/a.html:1:3: 错误: 模板语法错误：标签没有用 }} 结束"))
        #expect(Self.errors(["a": "{{#isEmpty(tags)}}{{/isEmpty(tags)}}"]).contains("没有名为 isEmpty() 的函数，是不是 empty()？\n    {{#isEmpty(tags)}}{{/isEmpty(tags)}}\n    ^\n    修改方法：改成 empty()。可用的有 empty()、count()"))
        #expect(Self.errors(["a": "{{a b}}"]).contains("标签名称“a b”写法有误"))
        #expect(Self.errors(["a": "{{=<%>=}}"]).contains("分隔符设置"))
        #expect(Self.errors(["a": "{{> partials/missing}}"]).hasPrefix("templates/a.html:1:1: 错误: 缺少模板 templates/partials/missing.html"))
    }

    /// Every template mistake is a diagnostic like the content's: Chinese by default, English
    /// on request, each language whole (no pre-formatted text in the other one), with a fix.
    @Test func syntaxErrorsSpeakTheLanguageAskedFor() {
        let cases: [(String, zh: String, en: String)] = [
            ("{{#a}}x{{/b}}", "结束标签 {{/b}} 的名称与开始标签 {{#a}} 不一致", "template syntax error: {{/b}} closes {{#a}}: the names differ"),
            ("{{#a}}x", "缺少结束标签 {{/a}}", "template syntax error: the section is never closed with {{/a}}"),
            ("{{/x}}", "前面没有对应的开始标签", "template syntax error: {{/x}} closes no open section"),
            ("{{ title", "标签没有用 }} 结束", "template syntax error: the tag is not closed with }}"),
            ("{{a b}}", "标签名称“a b”写法有误", "template syntax error: the tag name `a b` is not valid"),
            ("{{#isEmpty(tags)}}{{/isEmpty(tags)}}", "是不是 empty()？", "there is no function isEmpty(): did you mean empty()?"),
            ("{{shout(x)}}", "没有名为 shout() 的函数\n", "there is no function shout()\n"),
            ("{{shout(x)}}", "修改方法：可用的有 empty()、count()", "how to fix: use one of: empty(), count()"),
            ("{{=<%>=}}", "分隔符设置 {{=… …=}} 写法有误", "template syntax error: the set-delimiter tag is not valid"),
            ("x{{>a}}", "a 又包含了 a", "template syntax error: a includes a in turn"),
            ("{{> partials/missing}}", "缺少模板 templates/partials/missing.html", "error: the template templates/partials/missing.html is missing"),
        ]
        for (template, zh, en) in cases {
            let chinese = Self.errors(["a": template])
            let english = Self.errors(["a": template], in: .en)
            #expect(chinese.contains(zh), "\(chinese)")
            #expect(chinese.contains(": 错误: ") && chinese.contains("\n    修改方法："), "\(chinese)")
            #expect(english.contains(en), "\(english)")
            #expect(english.contains(": error: ") && english.contains("\n    how to fix: "), "\(english)")
            #expect(!english.contains { ("\u{4E00}"..."\u{9FFF}").contains($0) }, "no Chinese in \(english)")
            #expect(!chinese.contains("(section") && !chinese.contains("(unfinished") && !chinese.contains("(invalid"), "\(chinese)")
        }
    }

    /// Templates that would make rendering recurse without end are refused when loaded,
    /// rather than crashing the build with a stack overflow.
    @Test func loopsAndRunawayNestingAreErrors() {
        #expect(Self.errors(["a": "x{{>a}}"]).hasPrefix("templates/a.html:1:2: 错误: 模板语法错误：a 又包含了 a，模板互相包含会无限循环"))
        let loop = Self.errors(["page": "{{<layout}}{{/layout}}", "layout": "<p>\n{{>partials/nav}}", "partials/nav": "{{>layout}}"])
        #expect(loop.contains("templates/layout.html:2:1: 错误: 模板语法错误：partials/nav 又包含了 layout"))
        #expect(loop.contains("templates/partials/nav.html:1:1: 错误: 模板语法错误：layout 又包含了 partials/nav"))
        #expect(!loop.contains("templates/page.html"), "page is outside the loop")
        let deep = String(repeating: "{{#a}}", count: 101) + String(repeating: "{{/a}}", count: 101)
        #expect(Self.errors(["a": deep]).hasPrefix("templates/a.html:1:601: 错误: 模板语法错误：区块嵌套超过 100 层"))
        let fine = String(repeating: "{{#a}}", count: 100) + "x" + String(repeating: "{{/a}}", count: 100)
        #expect(Self.errors(["a": fine]) == "")
    }
}
