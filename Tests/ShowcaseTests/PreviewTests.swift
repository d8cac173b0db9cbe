import Diagnostics
import FlyingFox
import Foundation
import Synchronization
import Testing

@testable import Preview
@testable import Site

/// `showcase serve`: which files it will hand out, and the whole loop a member of staff sees —
/// save, rebuild, reload, error page, fix, Ctrl-C — through the real executable.
@Suite("Preview server")
struct PreviewTests {
    /// A folder with a page, a nested page, a hidden file, a link inside and a link out.
    static func makeOutput() throws -> URL {
        let root = temporaryFolder("showcase-preview")
        let fm = FileManager.default
        for (path, text) in [
            "index.html": "首页", "articles/a/index.html": "文章", "404.html": "没有", ".showcase-output": "marker",
            "statistics/organizations.csv": "a,b", "files/报告 2014.txt": "报告",
        ] {
            let url = root.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("etc").path, withDestinationPath: "/etc")
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("home.html").path, withDestinationPath: "index.html")
        return root
    }

    @Test func onlyFilesInsideTheOutputFolderAreServed() throws {
        let root = try Self.makeOutput()
        defer { try? FileManager.default.removeItem(at: root) }
        let files = OutputFiles(root: root, basePath: "/")
        let real = files.root
        let table: [(String, OutputFiles.Lookup)] = [
            ("/", .file(real + "/index.html")),
            ("/articles/a/", .file(real + "/articles/a/index.html")),
            ("/articles/a", .redirect("/articles/a/")),
            ("/articles/a/index.html", .file(real + "/articles/a/index.html")),
            ("/files/%E6%8A%A5%E5%91%8A%202014.txt", .file(real + "/files/报告 2014.txt")),
            ("/home.html", .file(real + "/index.html")),
            ("/statistics/organizations.csv", .file(real + "/statistics/organizations.csv")),
            ("/../etc/passwd", .notFound),
            ("/articles/../../etc/passwd", .notFound),
            ("/%2e%2e/etc/passwd", .notFound),
            ("/%2E%2E/%2E%2E/etc/passwd", .notFound),
            ("/articles%2f..%2f..%2fetc%2fpasswd", .notFound),
            ("/articles%2Fa%2Findex.html", .notFound),
            ("/..%5c..%5cetc%5cpasswd", .notFound),
            ("/articles\\..\\index.html", .notFound),
            ("/index.html%00.txt", .notFound),
            ("/etc/passwd", .notFound),
            ("/.showcase-output", .notFound),
            ("/missing/", .notFound),
            ("/%ZZ", .notFound),
        ]
        for (path, expected) in table {
            #expect(files.lookup(path) == expected, "\(path)")
        }
        // Under a sub-path, the site is only there.
        let sub = OutputFiles(root: root, basePath: "/showcase/")
        #expect(sub.lookup("/showcase/articles/a/") == .file(real + "/articles/a/index.html"))
        #expect(sub.lookup("/showcase") == .redirect("/showcase/"))
        #expect(sub.lookup("/articles/a/") == .notFound)
        #expect(sub.lookup("/") == .redirect("/showcase/"))
    }

    @Test func contentTypesSayUTF8ForText() {
        let expected = [
            "a.html": "text/html; charset=utf-8", "a.css": "text/css; charset=utf-8", "a.js": "text/javascript; charset=utf-8",
            "a.svg": "image/svg+xml; charset=utf-8", "feed.xml": "application/xml; charset=utf-8", "a.ics": "text/calendar; charset=utf-8",
            "a.json": "application/json; charset=utf-8", "a.csv": "text/csv; charset=utf-8", "a.txt": "text/plain; charset=utf-8",
            "a.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a.png": "image/png",
        ]
        for (name, type) in expected { #expect(OutputFiles.contentType(for: name) == type, "\(name)") }
    }

    @Test func theReloadScriptGoesBeforeTheLastBodyEnd() {
        let page = Data("<html><body><p>&lt;/body&gt;</p></body></html>".utf8)
        #expect(
            String(decoding: PreviewServer.withReloadScript(page, script: "<script>s</script>"), as: UTF8.self)
                == "<html><body><p>&lt;/body&gt;</p><script>s</script></body></html>")
    }

    /// A page served before a save's event but connected after it (it was reloading) still
    /// hears it: its script says how many events had gone out, and those after are replayed.
    @Test(.timeLimit(.minutes(1))) func aPageThatConnectsLateHearsTheEventsSentSinceItWasServed() async throws {
        let channel = ReloadChannel()
        channel.reload(changed: ["index.html"], basePath: "/")
        #expect(channel.script.contains("/__showcase/events?after=1\""))
        let servedThen = 1
        channel.reload(changed: ["articles/a/index.html"], basePath: "/", goTo: true)
        channel.reload()
        // The first `count` messages' lines, the response's chunk framing left out.
        func firstEvents(_ response: HTTPResponse, _ count: Int) async throws -> [String] {
            guard case .httpBody(let body) = response.payload else { return [] }
            var text = ""
            func messages() -> [String] {
                text.split(whereSeparator: \.isNewline).map(String.init).filter { $0.hasPrefix("data: ") || $0.hasPrefix(": ") }
            }
            for try await chunk in body {
                text += String(decoding: chunk, as: UTF8.self)
                if messages().count >= count { break }
            }
            return messages()
        }
        let late = try await firstEvents(channel.response(after: servedThen), 3)
        #expect(late == [": connected", "data: {\"pages\":[\"/articles/a/\"],\"go\":\"/articles/a/\"}", "data: reload"])
        // A page served after every event hears only what comes next.
        let current = channel.response(after: 3)
        channel.reload(changed: ["tags/t/index.html"], basePath: "/")
        #expect(try await firstEvents(current, 2) == [": connected", "data: {\"pages\":[\"/tags/t/\"]}"])
    }

    /// A build in place names the files it changed: pages by their paths under the base, a
    /// stylesheet by a reload of everything, feeds and downloads not at all.
    /// A save seen to finish (every file written was closed, nothing renamed away) is built
    /// after a moment; one still being written, or begun by moving the file away, waits longer.
    @Test func theWatcherTellsAFinishedSave() {
        func settled(_ events: [(Int32, String)]) -> Bool {
            var writing = Set<String>()
            var removed = false
            for (mask, file) in events { removed = FolderWatcher.note(UInt32(mask), of: file, in: &writing) || removed }
            return writing.isEmpty && !removed
        }
        #expect(settled([(IN_MODIFY, "1/a.md"), (IN_CLOSE_WRITE, "1/a.md")]))
        #expect(settled([(IN_MOVED_TO, "1/a.md")]))
        #expect(settled([(IN_CREATE, "1/b.md"), (IN_MODIFY, "1/b.md"), (IN_CLOSE_WRITE, "1/b.md"), (IN_ATTRIB, "1/b.md")]))
        #expect(!settled([(IN_MODIFY, "1/a.md")]))
        #expect(!settled([(IN_MODIFY, "1/a.md"), (IN_CLOSE_WRITE, "2/a.md")]), "another folder's a.md")
        #expect(!settled([(IN_MOVED_FROM, "1/a.md")]))
        #expect(!settled([(IN_DELETE, "1/a.md"), (IN_CREATE, "1/a.md"), (IN_CLOSE_WRITE, "1/a.md")]))
        #expect(!settled([(IN_Q_OVERFLOW, ""), (IN_CLOSE_WRITE, "1/a.md")]))
    }

    /// The watcher names the files saved (absolute paths), so a rebuild looks only at those.
    @Test(.timeLimit(.minutes(1))) func theWatcherNamesTheSavedFiles() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("showcase-watch-\(UUID().uuidString)").standardizedFileURL
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("articles"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        final class Seen: Sendable { let files = Mutex<[[String]?]>([]) }
        let seen = Seen()
        FolderWatcher(folders: [folder]) { _, files in seen.files.withLock { $0.append(files) } }.start()
        let saved = folder.appendingPathComponent("articles/a.md")
        try Data("正文\n".utf8).write(to: saved)
        while seen.files.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(100))
        let named = Set(seen.files.withLock { $0 }.compactMap { $0 }.joined())
        #expect(named == [saved.path], "\(seen.files.withLock { $0 })")
        #expect(seen.files.withLock { $0 }.allSatisfy { $0 != nil })
    }

    @Test func reloadEventsNameTheChangedPages() {
        #expect(
            ReloadChannel.event(
                changed: ["articles/a/index.html", "articles/a/a.docx", "feed.xml", "search/t/12.txt", "404.html", "tags/妇女/index.html"],
                basePath: "/sub/", goTo: true) == "{\"pages\":[\"/sub/articles/a/\",\"/sub/404.html\",\"/sub/tags/%E5%A6%87%E5%A5%B3/\"]}",
            "three pages changed: none of them is the one to go to")
        // The page of the one file saved, with its download: the open pages go there.
        #expect(
            ReloadChannel.event(changed: ["articles/a/a.txt", "articles/a/index.html"], basePath: "/", goTo: true)
                == "{\"pages\":[\"/articles/a/\"],\"go\":\"/articles/a/\"}")
        #expect(ReloadChannel.event(changed: ["articles/a/index.html"], basePath: "/") == "{\"pages\":[\"/articles/a/\"]}")
        #expect(ReloadChannel.event(changed: ["feed.xml", "articles/a/a.txt"], basePath: "/") == nil)
        #expect(ReloadChannel.event(changed: ["index.html", "assets/site.css"], basePath: "/") == "reload")
        #expect(ReloadChannel.event(changed: (0...ReloadChannel.mostPaths).map { "tags/t\($0)/index.html" }, basePath: "/") == "reload")
    }

    /// The running command: the address it prints, then each step a person takes.
    @Test func saveRebuildReloadErrorPageFixAndStop() throws {
        let site = try TestSite([
            "content/articles/a.md": "---\ntitle: 第一篇\ndate: 2014-05-20\nauthor: 测试部门\ncolumn: 工作动态\n---\n正文。\n",
            "content/organizations/known.md": "---\nname: 测试组织\nkind: grassroots\ndomain: youth\nsupervisor: 测试市妇女联合会\n---\n正文。\n",
        ])
        defer { site.remove() }
        let logs = site.root.appendingPathComponent("serve-log")
        let process = try ShowcaseProcess.start(["serve", "--source", site.root.path, "--port", "0", "--no-downloads"], logs: logs)
        defer { if process.isRunning { process.terminate() } }
        func log() -> String { (try? String(contentsOfFile: logs.path + ".out", encoding: .utf8)) ?? "" }
        func waitFor(_ condition: () -> Bool, _ seconds: Double = 20) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline { if condition() { return true }; usleep(20_000) }
            return false
        }
        #expect(waitFor { log().contains("预览地址：") }, "\(log())")
        let address = try #require(log().split(separator: "\n").first { $0.hasPrefix("预览地址：") })
        let port = try #require(UInt16(address.split(separator: ":").last?.split(separator: "/").first ?? ""))
        // TestSite's base_url is https://example.org/sub/: the preview serves the same path.
        #expect(address.hasPrefix("预览地址：http://127.0.0.1:\(port)/sub/（"))
        let raw = RawHTTP(port: port)
        #expect(try raw.get("/").headers["location"] == "/sub/")
        struct UnderBase {
            let raw: RawHTTP
            func get(_ path: String) throws -> RawHTTP.Response { try raw.get("/sub" + path) }
            func openStream(_ path: String) throws -> RawHTTP.Stream { try raw.openStream(path) }
        }
        let http = UnderBase(raw: raw)

        // The site, with the reload script added in preview only.
        let home = try http.get("/")
        #expect(home.status == 200)
        #expect(home.headers["content-type"] == "text/html; charset=utf-8")
        #expect(home.body.contains("<script>new EventSource(\"\(ReloadChannel.path)?after="))
        #expect(!(try site.read("index.html")).contains("EventSource"), "output/ never gets the script")
        #expect(try http.get("/articles/a/").body.contains("第一篇"))

        // Ways out of the folder get the site's 404 page.
        try FileManager.default.createSymbolicLink(atPath: site.output.appendingPathComponent("etc").path, withDestinationPath: "/etc")
        for path in ["/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/articles%2f..%2f..%2fetc%2fpasswd", "/etc/passwd", "/.showcase-output"] {
            let response = try http.get(path)
            #expect(response.status == 404, "\(path)")
            #expect(!response.body.contains("root:"), "\(path)")
            #expect(response.body.contains("<html"), "\(path): the site's 404.html")
        }
        try FileManager.default.removeItem(at: site.output.appendingPathComponent("etc"))

        // A save: one rebuild, and the open page is told to reload.
        let events = try http.openStream(ReloadChannel.path)
        #expect(events.read(until: ": connected", timeout: 5).contains(": connected"))
        let builds = log().components(separatedBy: "已重新生成").count
        try site.write("content/articles/a.md", "---\ntitle: 改过的标题\ndate: 2014-05-20\nauthor: 测试部门\ncolumn: 工作动态\n---\n正文。\n")
        // The saved article's page is told first, on its own, before the rest of the site is made;
        // pages whose bytes did not change (the organization's) are never told to reload.
        let told = events.read(until: "\"/sub/articles/a/\"", timeout: 20)
        // It is the one page of the file saved: the pages open elsewhere go to it.
        #expect(told.contains("data: {\"pages\":[\"/sub/articles/a/\"],\"go\":\"/sub/articles/a/\"}\n\n"), "\(told)")
        #expect(try http.get("/articles/a/").body.contains("改过的标题"))
        let rest = events.read(until: "\"/sub/\"", timeout: 20)
        #expect(rest.contains("\"/sub/\""), "the home page lists the article: \(rest)")
        #expect(!(told + rest).contains("data: reload") && !(told + rest).contains("/sub/organizations/known/"), "\(told + rest)")

        // Ten quick saves make one or two rebuilds, not ten. (The page reloads once its pages
        // are written; the build ends after the search index and the downloads.)
        #expect(waitFor { log().components(separatedBy: "已重新生成").count == builds + 1 })
        let before = log().components(separatedBy: "已重新生成").count
        #expect(before == builds + 1)
        for i in 1...10 { try site.write("content/articles/a.md", "---\ntitle: 第\(i)次\ndate: 2014-05-20\nauthor: 测试部门\ncolumn: 工作动态\n---\n正文。\n") }
        #expect(waitFor { (try? http.get("/articles/a/").body.contains("第10次")) == true })
        usleep(500_000)
        let rebuilds = log().components(separatedBy: "已重新生成").count - before
        #expect((1...2).contains(rebuilds), "\(rebuilds) rebuilds for ten saves")

        // An error: every page is the error page, naming file, line, column and the fix.
        try site.write("content/articles/a.md", "---\ntitle: 坏日期\ndate: 2014-13-45\nauthor: 测试部门\ncolumn: 工作动态\n---\n正文。\n")
        #expect(waitFor { (try? http.get("/").status) == 500 })
        let failure = try http.get("/articles/a/")
        #expect(failure.status == 500)
        #expect(failure.body.contains("content/articles/a.md:3:7: 错误:"))
        #expect(failure.body.contains("修改方法："))
        #expect(failure.body.contains("<script>new EventSource(\"\(ReloadChannel.path)?after="))
        #expect(try site.read("articles/a/index.html").contains("第10次"), "output/ keeps the last good site")

        // Fixed: the site is back.
        try site.write("content/articles/a.md", "---\ntitle: 修好了\ndate: 2014-05-20\nauthor: 测试部门\ncolumn: 工作动态\n---\n正文。\n")
        #expect(waitFor { (try? http.get("/articles/a/").body.contains("修好了")) == true })

        // Ctrl-C: a clean stop, and output/ is a whole site.
        kill(process.processIdentifier, SIGINT)
        #expect(waitFor({ !process.isRunning }, 10))
        #expect(process.terminationStatus == 0)
        #expect(log().hasSuffix("预览已停止。\n"))
        #expect(try site.read("articles/a/index.html").contains("修好了"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".output") }.isEmpty)
    }

    @Test func anOutputFolderThatIsNotOursIsRefusedBeforeServing() throws {
        let site = try TestSite([
            "content/organizations/known.md": "---\nname: 测试组织\nkind: grassroots\ndomain: youth\nsupervisor: 测试市妇女联合会\n---\n正文。\n"
        ])
        defer { site.remove() }
        try site.write("output/thesis.txt", "论文")
        let run = try ShowcaseProcess.run(["serve", "--source", site.root.path, "--port", "0"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("\(site.output.path): 错误: 这个文件夹不是 Showcase 生成的"))
        #expect(try String(contentsOf: site.output.appendingPathComponent("thesis.txt"), encoding: .utf8) == "论文")
    }

    /// `serve` takes the build's options and refuses what `build` refuses, before anything runs.
    @Test func aBadBaseURLIsRefusedBeforeServing() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        let run = try ShowcaseProcess.run(["serve", "--source", site.root.path, "--port", "0", "--base-url", "javascript:alert(1)//"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("错误: “--base-url”的网址“javascript:alert(1)//”不能作网站地址"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }

    /// An address the server cannot listen on (192.0.2.1 is a documentation address no machine
    /// here has) is said like any other error, with its fix, in `--lang`, and the command fails.
    @Test(arguments: [MessageLanguage.zh, .en])
    func anAddressThatCannotBeServedIsSaidWithItsFix(lang: MessageLanguage) throws {
        let site = try TestSite([:])
        defer { site.remove() }
        let run = try ShowcaseProcess.run(
            ["serve", "--source", site.root.path, "--host", "192.0.2.1", "--port", "0", "--no-downloads", "--lang", lang.rawValue])
        #expect(run.status == 1)
        if lang == .zh {
            #expect(run.stderr.hasPrefix("错误: 无法在 192.0.2.1:0 上提供预览："), "\(run.stderr)")
            #expect(run.stderr.contains("\n    修改方法：换一个端口"), "\(run.stderr)")
        } else {
            #expect(run.stderr.hasPrefix("error: cannot serve on 192.0.2.1:0: "), "\(run.stderr)")
            #expect(run.stderr.contains("\n    how to fix: choose another port"), "\(run.stderr)")
        }
    }
}
