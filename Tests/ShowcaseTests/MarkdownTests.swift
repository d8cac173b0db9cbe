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

    /// The flat tree a build's parse makes from libcmark is the tree of blocks, flattened:
    /// every kind of block and inline, nesting, empty text, links, images, and the depth limits.
    @Test(arguments: [
        "## 标题\n\n妇工+社工+义工，**联动**服务。\n\n- 一\n- 二\n",
        "段落一\n第二行  \n硬换行 *强调 **加粗 [链接](/organizations/a/ \"标题\")***\n\n> 引用\n>\n> 3. 三\n>    - 四\n\n```swift\nlet a = 1\n```\n\n---\n\n<div>原始</div>\n\n![图片 *说明*](/images/x.png) `代码` <b>行内</b>\n\n1.\n2. \n",
        "- \n  ```\n  码\n  ```\n- > 引\n\n&#1;控制&#x7f;字符&#13;回车\n",
        String(repeating: "- ", count: 200) + "底",
        String(repeating: ">", count: 200) + " 底",
        String(repeating: "*", count: 120) + "深" + String(repeating: "*", count: 120),
        String(repeating: "[", count: 120) + "深" + String(repeating: "](/a)", count: 120),
    ])
    func flatTreeIsTheTreeOfBlocksFlattened(source: String) {
        let flat = MarkdownDocument(parsing: source, options: MarkdownOptions(keepTree: false, keepFlatTree: true))
        let blocks = MarkdownDocument(parsing: source)
        #expect(flat.blocks.isEmpty)
        #expect(flat.flatTree == FlatTree(blocks.blocks))
        #expect(flat.htmlUTF8 == blocks.htmlUTF8)
        #expect(flat.lead == blocks.lead)
        #expect(blocks.flatTree == nil)
    }
}
