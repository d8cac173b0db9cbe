import Foundation
import Testing

@testable import Content
@testable import Diagnostics
@testable import Site

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A hostile site: every front-matter string of every kind (and of `site.yaml`) carries markup,
/// quotes, `</script>`, `]]>`, `&` and control characters; the Markdown carries raw HTML and
/// `javascript:` / `data:` links. Every file the build writes is then checked for its context.
@Suite("Every value from content is escaped for where it lands")
struct EscapingTests {
    /// As a YAML double-quoted string: the control characters are YAML escapes (`\x01`, `\b`,
    /// `\e`), because libyaml refuses them raw.
    static let payload = #""<script>alert(1)</script> \" ' </script> ]]> & \x01\b\e""#
    /// The same with a line break, for values that end up in one-line formats (iCalendar).
    static let payloadWithBreaks = #""<script>alert(1)</script>\r\nBEGIN:VEVENT\nX-EVIL:1 ]]> & \x01""#

    static var files: [String: String] {
        let p = payload
        return [
            "content/site.yaml": """
            title: \(p)
            description: \(p)
            base_url: https://example.org/sub/
            language: \(#""zh-CN\"><script>alert(1)</script>""#)
            federation:
              name: \(p)
              address: \(p)
              phone: \(p)
              email: \(p)
            menu:
              - title: \(p)
                url: /
              - title: \(p)
                url: \(#""/organizations/?q=<script>alert(1)</script>\"'""#)
            domains:
              - slug: youth
                name: \(p)
            slugs:
              \(p): evil-name

            """,
            // The payload is the one choice of every field with fixed choices, so it reaches every page.
            "content/data/choices.yaml": """
            organizations:
              supervisor: [\(p)]
            events:
              kind: [\(p)]
            articles:
              column: [\(p)]
            projects:
              program: [\(p)]
              status: [\(p)]
            """,
            "content/organizations/evil.md": """
            ---
            name: \(p)
            kind: registered
            domain: youth
            registered: 2012-06-18
            supervisor: \(p)
            alliance_member: true
            alliance_since: 2014-05-20
            featured: true
            services: [\(p), \(p)]
            contact:
              address: \(p)
              phone: \(p)
              website: \(#""https://example.org/?q=<script>alert(1)</script>\"'&x=1""#)
              wechat: \(p)
            tags: [\(p)]
            logo: \(#""/images/<script>alert(1)</script>\"'.png""#)
            ---
            \(body)
            """,
            "content/organizations/script-site.md": """
            ---
            name: 网址是脚本的组织
            kind: grassroots
            domain: youth
            supervisor: \(p)
            contact:
              website: "www.example.org/?javascript:alert(1)//https://x"
            ---
            正文。
            """,
            "content/events/evil.md": """
            ---
            title: \(payloadWithBreaks)
            start: 2014-09-20 09:00
            end: 2014-09-20 16:00
            location: \(payloadWithBreaks)
            kind: \(p)
            organizers: [evil]
            participants: [script-site]
            tags: [\(p), 普通标签]
            programme:
              - time: \(p)
                item: \(p)
            stalls:
              - organization: evil
                offer: \(p)
            ---
            \(body)
            """,
            "content/articles/evil.md": """
            ---
            title: \(p)
            date: 2014-05-20
            author: \(p)
            column: \(p)
            issue: 3
            tags: [\(p)]
            organizations: [evil]
            summary: \(p)
            ---
            \(body)
            """,
            "content/articles/no-summary.md": """
            ---
            title: 没有摘要
            date: 2014-05-21
            author: \(p)
            column: \(p)
            ---
            \(body)
            """,
            "content/projects/evil.md": """
            ---
            title: \(p)
            organization: evil
            program: \(p)
            round: \(p)
            year: 2013
            funding: 1000
            beneficiaries: 10
            domain: youth
            status: \(p)
            ---
            \(body)
            """,
            "content/pages/evil.md": """
            ---
            title: \(p)
            ---
            \(body)
            """,
        ]
    }

    /// Raw HTML, dangerous links in every Markdown spelling, and text that looks like markup.
    /// (Images with such URLs stop the build with an error instead: see the bad-input corpus.)
    static let body = """
        首段 <script>alert(1)</script> 与 <img src=x onerror=alert(1)> 和 ]]> & </script>。

        <script>alert(2)</script>

        <div onclick="alert(3)">块</div>

        [一](javascript:alert(1)) [二](JaVaScRiPt:alert(1)) [三](data:text/html;base64,PHNjcmlwdD4=)
        [四](vbscript:msgbox) [五](java&#x09;script:alert(1)) [六]( javascript:alert(1) ) <javascript:alert(1)>
        [七](&#106;avascript:alert(1)) [八](data:image/png;base64,iVBORw0KGgo=)

        [ref]: javascript:alert(1)
        """

    @Test func everyOutputFileIsSafeForItsContext() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        let report: BuildReport
        do {
            report = try site.build(downloads: true)
        } catch let e as ContentErrors {
            Issue.record(Comment(rawValue: Self.visible(e.diagnostics.map { $0.formatted(in: .zh) }.joined(separator: "\n"))))
            return
        }
        // Expected warnings only: the logo file does not exist. (`java&#x09;script:` holds a tab
        // once the entity is decoded, so its link is dropped, as URLPolicy drops every such URL.)
        #expect(
            report.warnings.allSatisfy {
                if case .missingStaticFile = $0.contentProblem { return true }
                return false
            },
            Comment(rawValue: Self.visible(report.warnings.map { $0.formatted(in: .zh) }.joined(separator: "\n"))))

        let files = try snapshot(of: site.output)
        #expect(files.count > 40)
        var problems: [String] = []
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            let text = String(decoding: data, as: UTF8.self)
            switch (path as NSString).pathExtension {
            case "html": problems += Self.htmlProblems(text, path: path)
            case "xml", "svg": problems += Self.xmlProblems(data, path: path)
            case "ics": problems += Self.icsProblems(text, path: path)
            case "docx": problems += Self.docxProblems(site.output.appendingPathComponent(path), path: path)
            default: break
            }
        }
        #expect(problems.isEmpty, Comment(rawValue: Self.visible("\(problems.count) problems:\n" + problems.prefix(400).joined(separator: "\n"))))

        // The content really is there, escaped, rather than silently dropped.
        let article = try site.read("articles/evil/index.html")
        #expect(article.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let ics = try site.read("events/evil/evil.ics").replacingOccurrences(of: "\r\n ", with: "")
        #expect(ics.contains("SUMMARY:<script>alert(1)</script>\\nBEGIN:VEVENT\\nX-EVIL:1 ]]> &\r\n"), Comment(rawValue: Self.visible(ics)))
    }

    /// Control characters spelled out, so a failure message cannot garble the terminal.
    static func visible(_ s: String) -> String {
        String(s.unicodeScalars.map { $0.value < 0x20 && $0 != "\n" ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined())
    }

    /// `<script>` only as JSON-LD, with no `<` from content inside; no dangerous URL in any
    /// attribute; no event-handler attribute from content.
    static func htmlProblems(_ html: String, path: String) -> [String] {
        var out: [String] = []
        let lower = html.lowercased()
        var search = lower.startIndex..<lower.endIndex
        while let open = lower.range(of: "<script", range: search) {
            let tagEnd = lower[open.upperBound...].firstIndex(of: ">") ?? lower.endIndex
            let tag = String(html[open.lowerBound..<tagEnd])
            // The search page's own script, from the theme (never from content), is the other one allowed.
            if tag.range(of: #"^<script src="/[a-z/]*assets/search\.js" defer$"#, options: .regularExpression) != nil {
                search = tagEnd..<lower.endIndex
                continue
            }
            if tag != "<script type=\"application/ld+json\"" { out.append("\(path): a <script> that is not JSON-LD: \(tag.prefix(60))") }
            guard tagEnd < lower.endIndex, let close = lower.range(of: "</script>", range: lower.index(after: tagEnd)..<lower.endIndex) else {
                out.append("\(path): unclosed <script>")
                break
            }
            let json = html[html.index(after: tagEnd)..<close.lowerBound]
            if json.contains("<") { out.append("\(path): `<` inside JSON-LD") }
            if let data = json.data(using: .utf8), (try? JSONSerialization.jsonObject(with: data)) == nil {
                out.append("\(path): JSON-LD does not parse")
            }
            search = close.upperBound..<lower.endIndex
        }
        let attribute = try! NSRegularExpression(
            pattern: #"\b(?:href|src|action|formaction|poster|srcset)\s*=\s*["']?\s*([^"'\s>]*)"#, options: [.caseInsensitive])
        for m in attribute.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let value = String(html[Range(m.range(at: 1), in: html)!]).lowercased()
                .replacingOccurrences(of: "&#x09;", with: "").replacingOccurrences(of: "\t", with: "")
            for scheme in ["javascript:", "data:", "vbscript:", "file:"] where value.hasPrefix(scheme) {
                out.append("\(path): \(scheme) URL in an attribute: \(value.prefix(60))")
            }
        }
        let handler = try! NSRegularExpression(pattern: #"<[a-z][^>]*\son[a-z]+\s*="#, options: [.caseInsensitive])
        if let m = handler.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)) {
            out.append("\(path): event-handler attribute: \(String(html[Range(m.range, in: html)!]).prefix(80))")
        }
        if lower.contains("<img src=x") || lower.contains("<div onclick") { out.append("\(path): raw HTML from Markdown") }
        for ch in ["\u{1}", "\u{8}", "\u{1B}"] where html.contains(ch) {
            out.append("\(path): raw control character U+\(String(format: "%04X", ch.unicodeScalars.first!.value))")
        }
        return out
    }

    static func xmlProblems(_ data: Data, path: String) -> [String] {
        #if canImport(FoundationXML)
        do {
            _ = try XMLDocument(data: data, options: [])
            return []
        } catch {
            return ["\(path): not well-formed XML: \(error)"]
        }
        #else
        return []
        #endif
    }

    /// CRLF line ends only, every line a property or a fold, exactly one event, no raw controls.
    static func icsProblems(_ text: String, path: String) -> [String] {
        var out: [String] = []
        guard text.hasSuffix("\r\n") else { return ["\(path): does not end with CRLF"] }
        let lines = text.dropLast(2).components(separatedBy: "\r\n")
        for line in lines {
            if line.contains("\n") || line.contains("\r") { out.append("\(path): a bare line break inside \(line.prefix(40))") }
            if line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                out.append("\(path): control character in \(line.prefix(40))")
            }
            if line.utf8.count > 75 { out.append("\(path): line longer than 75 octets") }
            if !line.hasPrefix(" "), line.range(of: #"^[A-Z-]+[;:]"#, options: .regularExpression) == nil {
                out.append("\(path): not a property line: \(line.prefix(40))")
            }
        }
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        let events = unfolded.components(separatedBy: "\r\nBEGIN:VEVENT\r\n").count - 1
        if path.contains("/") ? events != 1 : events != unfolded.components(separatedBy: "\r\nUID:").count - 1 {
            // One event a file, except `events.ics`, which has one per UID line.
            out.append("\(path): \(events) VEVENTs")
        }
        return out
    }

    /// Every XML part of a Word download parses (Word refuses a document with a stray control character).
    static func docxProblems(_ file: URL, path: String) -> [String] {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = [
            "python3", "-c",
            """
            import sys, zipfile
            from xml.dom import minidom
            z = zipfile.ZipFile(sys.argv[1])
            for n in z.namelist():
                if n.endswith('.xml') or n.endswith('.rels'):
                    minidom.parseString(z.read(n))
            """, file.path,
        ]
        let errors = Pipe()
        check.standardError = errors
        do { try check.run() } catch { return [] } // no python3: the XML parts go unchecked
        check.waitUntilExit()
        guard check.terminationStatus != 0 else { return [] }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return ["\(path): a part is not well-formed XML: \(message.split(separator: "\n").last ?? "")"]
    }
}
