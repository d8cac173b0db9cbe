import Foundation
import Testing

@testable import Content
@testable import Export
@testable import Report
@testable import Site

/// The annual report of the hostile site of ``EscapingTests``, with a report file whose title,
/// subtitle and narrative carry the same payload: every value comes out escaped in the print
/// HTML, and every part of the Word file is well-formed XML holding the text literally.
@Suite("The annual report escapes every value from content")
struct ReportEscapingTests {
    static var files: [String: String] {
        var files = EscapingTests.files
        let p = EscapingTests.payload
        files["content/reports/2014.md"] = """
            ---
            title: \(p)
            subtitle: \(p)
            sections: [narrative, summary, projects, organizations, events, press, appendix]
            ---
            \(EscapingTests.body)
            """
        return files
    }

    @Test func sitePageIsSafe() throws {
        let t = try TestSite(Self.files)
        defer { t.remove() }
        try t.build()
        let page = try t.read("reports/2014/index.html")
        let problems = EscapingTests.htmlProblems(page, path: "reports/2014/index.html")
        #expect(problems.isEmpty, Comment(rawValue: EscapingTests.visible(problems.joined(separator: "\n"))))
        #expect(page.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test(arguments: [2013, 2014])
    func printHTMLAndWordAreSafe(year: Int) throws {
        let t = try TestSite(Self.files)
        defer { t.remove() }
        let site = try t.load()
        let folder = try exportTempFolder("report-escaping")
        defer { try? FileManager.default.removeItem(at: folder) }

        let html = try String(
            contentsOf: ReportJob(year: year, format: .html, outputFolder: folder).run(site: site, siteRoot: t.root),
            encoding: .utf8)
        let problems = EscapingTests.htmlProblems(html, path: "report-\(year).html")
        #expect(problems.isEmpty, Comment(rawValue: EscapingTests.visible(problems.joined(separator: "\n"))))
        // The hostile names are there, escaped: the project (2013), the article and event (2014), the organization.
        #expect(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot; &#39; &lt;/script&gt; ]]&gt; &amp;")
                || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script>alert"))

        let docx = try ReportJob(year: year, format: .docx, outputFolder: folder).run(site: site, siteRoot: t.root)
        let docxProblems = EscapingTests.docxProblems(docx, path: docx.lastPathComponent)
        #expect(docxProblems.isEmpty, Comment(rawValue: docxProblems.joined(separator: "\n")))
        let reading = try #require(try pythonDocx(docx))
        #expect(reading.title.hasPrefix("<script>alert(1)</script>"))
        let texts = reading.paragraphs.map(\.text)
        #expect(texts.contains { $0.hasPrefix("<script>alert(1)</script> \" ' </script> ]]> &") })
        #expect(!texts.joined().contains("\u{1}"), "a control character reached the Word file")
    }
}
