import Foundation
import Testing

@testable import Content

/// `showcase new`: each kind's file has every key, builds as written, and nothing is overwritten.
@Suite("showcase new")
struct NewCommandTests {
    static func site() throws -> TestSite {
        try TestSite(["content/organizations/known.md": "---\nname: 测试组织\nkind: grassroots\ndomain: youth\nsupervisor: 测试市妇女联合会\n---\n正文。\n"])
    }

    @Test("new, then check passes", arguments: EntryScaffold.Kind.allCases)
    func newThenCheck(_ kind: EntryScaffold.Kind) throws {
        let site = try Self.site()
        defer { site.remove() }
        let made = try ShowcaseProcess.run([
            "new", kind.rawValue, "new-\(kind.rawValue)", "--title", "新的：\(kind.rawValue)", "--source", site.root.path,
        ])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.hasPrefix("content/\(kind.folder)/new-\(kind.rawValue).md\n"))
        let check = try ShowcaseProcess.run(["check", "--source", site.root.path, "--drafts"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.hasPrefix("内容无误"), "\(check.stdout)")
        let text = try String(contentsOf: site.root.appendingPathComponent("content/\(kind.folder)/new-\(kind.rawValue).md"), encoding: .utf8)
        // Every key the docs list for the kind is there, written or as a comment, with a comment.
        let keys: [String] =
            switch kind {
            case .article: ["title", "date", "author", "column", "draft", "issue", "tags", "organizations", "summary"]
            case .organization:
                [
                    "name", "kind", "registered", "domain", "supervisor", "alliance_member", "alliance_since", "featured",
                    "services", "contact", "tags", "logo",
                ]
            case .event: ["title", "start", "end", "location", "kind", "organizers", "participants", "tags", "cover", "programme", "stalls"]
            case .project: ["title", "organization", "program", "round", "year", "funding", "beneficiaries", "domain", "status"]
            case .page: ["title", "menu_order"]
            }
        for key in keys {
            #expect(
                text.split(separator: "\n").contains { ($0.hasPrefix("\(key): ") || $0.hasPrefix("# \(key): ")) && $0.contains("  # ") },
                "\(key) in \(text)")
        }
    }

    @Test func theTitleIsQuotedWhenYAMLNeedsItAndChoicesComeFromTheSite() throws {
        let site = try Self.site()
        defer { site.remove() }
        let path = try EntryScaffold.create(.event, slug: "fair", title: "集市: 第一期 #1", root: site.root)
        let text = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        #expect(text.contains("title: \"集市: 第一期 #1\"  # 活动名称（必填）"))
        #expect(text.contains("kind: 嘉年华  # 活动类型（必填），可选：嘉年华、市集、培训、交流、讲座、展示"))
        #expect(text.contains("organizers: [known]"))
        #expect(try site.load(drafts: true).events.first?.title == "集市: 第一期 #1")
    }

    @Test func anExistingFileAndABadSlugAreRefused() throws {
        let site = try Self.site()
        defer { site.remove() }
        let before = try String(contentsOf: site.root.appendingPathComponent("content/organizations/known.md"), encoding: .utf8)
        let exists = try ShowcaseProcess.run(["new", "organization", "known", "--source", site.root.path])
        #expect(exists.status == 1)
        #expect(exists.stderr == "content/organizations/known.md: 错误: 文件已经存在，没有改动它\n    修改方法：换一个网址名（slug），或直接编辑这个文件\n")
        #expect(try String(contentsOf: site.root.appendingPathComponent("content/organizations/known.md"), encoding: .utf8) == before)
        let bad = try ShowcaseProcess.run(["new", "article", "妇联新闻", "--source", site.root.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("错误: 网址名“妇联新闻”只能用小写英文字母、数字和连字符"))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("content/articles").path))
    }
}
