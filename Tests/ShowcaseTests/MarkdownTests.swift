import Content
import Testing

@testable import Markdown

@Suite("Markdown wrapper")
struct MarkdownTests {
    @Test func rendersCommonMarkToHTML() {
        let doc = MarkdownDocument(parsing: "## 标题\n\n妇工+社工+义工，**联动**服务。\n\n- 一\n- 二\n")
        #expect(doc.html.contains("<h2>标题</h2>"))
        #expect(doc.html.contains("<strong>联动</strong>"))
        #expect(doc.html.contains("<li>一</li>"))
        #expect(doc.blocks.count == 3)
        #expect(doc.blocks[0] == .heading(level: 2, [.text("标题")]))
    }

    @Test func keepsStraightQuotesInChinese() {
        // CMARK_OPT_SMART would turn both quotes into closing quotes.
        let doc = MarkdownDocument(parsing: "他说\"你好\"。")
        #expect(doc.html.contains("他说&quot;你好&quot;。"))
        #expect(!doc.html.contains("”"))
    }

    @Test func safeModeDropsRawHTMLAndScriptLinks() {
        let doc = MarkdownDocument(parsing: "<script>alert(1)</script>\n\n[点我](javascript:alert(1)) <b>粗</b>")
        #expect(!doc.html.contains("<script>"))
        #expect(!doc.html.contains("javascript:"))
        #expect(!doc.html.contains("<b>"))
        let trusted = MarkdownDocument(parsing: "<b>粗</b>", options: MarkdownOptions(unsafeHTML: true))
        #expect(trusted.html.contains("<b>粗</b>"))
    }

    @Test func plainTextHasNoMarkup() {
        let doc = MarkdownDocument(parsing: "# 题\n\n第一段*强调*与[链接](https://example.org)。\n\n> 引用\n")
        #expect(doc.plainText == "题\n\n第一段强调与链接。\n\n引用")
    }

    @Test func findsTheMoreMarker() {
        let doc = MarkdownDocument(parsing: "导语。\n\n<!--more-->\n\n正文。")
        #expect(doc.hasMore && doc.lead == [.paragraph([.text("导语。")])])
        #expect(Summary.of(doc) == "导语。")
    }

    @Test func rewritesRootRelativeDestinations() {
        let options = MarkdownOptions { url, _ in url.hasPrefix("/") ? "/sub" + url : url }
        let doc = MarkdownDocument(parsing: "[组织](/organizations/a/) ![图](/images/x.png) [外](https://example.org/)", options: options)
        #expect(doc.html.contains("href=\"/sub/organizations/a/\""))
        #expect(doc.html.contains("src=\"/sub/images/x.png\""))
        #expect(doc.html.contains("href=\"https://example.org/\""))
        #expect(doc.destinations.map(\.original) == ["/organizations/a/", "/images/x.png", "https://example.org/"])
        guard case .paragraph(let inlines) = doc.blocks[0], case .link(let url, _, _) = inlines[0] else {
            Issue.record("expected a paragraph starting with a link")
            return
        }
        #expect(url == "/organizations/a/", "the tree keeps the destination as written")
    }

    @Test func survivesVeryDeepNesting() {
        let list = String(repeating: "- ", count: 10_000) + "底"
        let quote = String(repeating: ">", count: 10_000) + " 底"
        for source in [list, quote] {
            let doc = MarkdownDocument(parsing: source)
            #expect(doc.plainText.contains("底"))
            #expect(!doc.html.isEmpty)
        }
    }
}
