import Foundation
import Testing

@testable import Destination
@testable import Site

/// A build replaces its output folder as a whole, so which folders it may replace decides
/// whether a user's files survive a mistyped `--output`. Each case runs the real `showcase`
/// executable against a folder it must refuse, and checks the exact message, exit status 1,
/// and that every file, folder and link there is byte-for-byte as it was.
@Suite("Output folders: never delete what Showcase did not write")
struct OutputFolderSafetyTests {
    /// A small valid site; the cases name output folders outside it.
    static func makeSite() throws -> TestSite {
        try TestSite(["content/organizations/known.md": "---\nname: 测试组织\nkind: grassroots\ndomain: youth\nsupervisor: 测试市妇女联合会\n---\n正文。\n"])
    }

    /// Everything below `folder`: files with their bytes, folders, links with their targets.
    static func tree(_ folder: URL) throws -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        let base = folder.path
        func walk(_ path: String) throws {
            for name in try fm.contentsOfDirectory(atPath: path) {
                let full = path + "/" + name
                let key = String(full.dropFirst(base.count))
                let type = try fm.attributesOfItem(atPath: full)[.type] as? FileAttributeType
                switch type {
                case .typeSymbolicLink: out[key] = "link → " + (try fm.destinationOfSymbolicLink(atPath: full))
                case .typeDirectory:
                    out[key] = "folder"
                    try walk(full)
                default: out[key] = try Data(contentsOf: URL(fileURLWithPath: full)).base64EncodedString()
                }
            }
        }
        try walk(base)
        return out
    }

    /// One refused `--output`: how to make it, the arguments, and the exact first lines of stderr.
    struct Refusal: CustomStringConvertible, Sendable {
        var name: String
        var force = false
        /// Makes the folder under `scratch` and returns the `--output` path.
        var make: @Sendable (URL) throws -> String
        /// The message, with `$OUT` for the output path and `$SCRATCH` for the scratch folder.
        var expected: String
        var description: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(
            name: "a folder with files",
            make: { scratch in
                try write(scratch, "precious/thesis.txt", "论文")
                try write(scratch, "precious/notes/一.txt", "笔记")
                return scratch.appendingPathComponent("precious").path
            },
            expected: """
                $OUT: 错误: 这个文件夹不是 Showcase 生成的，里面已有 2 项（notes/、thesis.txt），生成网站会删除它们
                    修改方法：用 --output 换一个空的或新的文件夹；如果确实要用生成的网站替换它（其中全部内容将被删除），加上 --force
                """),
        Refusal(
            name: "a folder holding only a dotfile",
            make: { scratch in
                try write(scratch, "dot/.keep", "")
                return scratch.appendingPathComponent("dot").path
            },
            expected: """
                $OUT: 错误: 这个文件夹不是 Showcase 生成的，里面已有 1 项（.keep），生成网站会删除它们
                    修改方法：用 --output 换一个空的或新的文件夹；如果确实要用生成的网站替换它（其中全部内容将被删除），加上 --force
                """),
        Refusal(
            name: "a folder holding a nested folder",
            make: { scratch in
                try write(scratch, "project/a/b/c/data.csv", "1,2,3\n")
                return scratch.appendingPathComponent("project").path
            },
            expected: """
                $OUT: 错误: 这个文件夹不是 Showcase 生成的，里面已有 1 项（a/），生成网站会删除它们
                    修改方法：用 --output 换一个空的或新的文件夹；如果确实要用生成的网站替换它（其中全部内容将被删除），加上 --force
                """),
        Refusal(
            name: "many entries are cut to five",
            make: { scratch in
                for i in 1...7 { try write(scratch, "many/file\(i).txt", "\(i)") }
                return scratch.appendingPathComponent("many").path
            },
            expected: """
                $OUT: 错误: 这个文件夹不是 Showcase 生成的，里面已有 7 项（file1.txt、file2.txt、file3.txt、file4.txt、file5.txt 等），生成网站会删除它们
                    修改方法：用 --output 换一个空的或新的文件夹；如果确实要用生成的网站替换它（其中全部内容将被删除），加上 --force
                """),
        Refusal(
            name: "a symbolic link to a folder with files", force: true,
            make: { scratch in
                try write(scratch, "real/thesis.txt", "论文")
                try FileManager.default.createSymbolicLink(
                    atPath: scratch.appendingPathComponent("link").path,
                    withDestinationPath: scratch.appendingPathComponent("real").path)
                return scratch.appendingPathComponent("link").path
            },
            expected: """
                $OUT: 错误: 这是指向 $SCRATCH/real 的符号链接，不能通过它替换别处的文件夹
                    修改方法：用 --output 直接写出真正的文件夹路径
                """),
        Refusal(
            name: "a regular file", force: true,
            make: { scratch in
                try write(scratch, "thesis.docx", "不是文件夹")
                return scratch.appendingPathComponent("thesis.docx").path
            },
            expected: """
                $OUT: 错误: 这是一个文件，不是文件夹
                    修改方法：用 --output 指定一个文件夹（可以是还不存在的）
                """),
        Refusal(
            name: "the filesystem root, even forced", force: true, make: { _ in "/" },
            expected: """
                /: 错误: 不能把文件系统的根目录当作输出文件夹（即使加了 --force）
                    修改方法：用 --output 指定一个新的文件夹，例如 output
                """),
        Refusal(
            name: "the staging folder's name taken by a user's folder",
            make: { scratch in
                try write(scratch, ".site.staging/mine.txt", "我的")
                return scratch.appendingPathComponent("site").path
            },
            expected: """
                $SCRATCH/.site.staging: 错误: 生成时要用这个隐藏文件夹暂存新网站，但它已存在且不是 Showcase 建立的
                    修改方法：把它改名或移走，或用 --output 为 $OUT 换一个名字
                """),
    ]

    static func write(_ scratch: URL, _ path: String, _ text: String) throws {
        let url = scratch.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static func scratchFolder() throws -> URL {
        let url = temporaryFolder("showcase-out")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `showcase build` into `output` and checks the refusal: exit 1, the exact message,
    /// nothing printed on standard output, and `watched` unchanged.
    static func expectRefused(
        site: TestSite, output: String, force: Bool = false, environment: [String: String] = [:],
        watched: URL, expected: String
    ) throws {
        let before = try tree(watched)
        let run = try ShowcaseProcess.run(
            ["build", "--source", site.root.path, "--output", output, "--no-downloads"]
                + (force ? ["--force"] : []), environment: environment)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == expected + "\n生成失败，原有的输出文件夹未改动。\n")
        #expect(try tree(watched) == before, "the folder was changed")
    }

    @Test("refused, untouched, exact message", arguments: refusals)
    func refused(_ refusal: Refusal) throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        let scratch = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = try refusal.make(scratch)
        let expected = refusal.expected.replacingOccurrences(of: "$OUT", with: output)
            .replacingOccurrences(of: "$SCRATCH", with: scratch.path)
        try Self.expectRefused(site: site, output: output, force: refusal.force, watched: scratch, expected: expected)
        // The in-process build refuses the same way, with the same problem.
        var options = BuildOptions(root: site.root, output: URL(fileURLWithPath: output))
        options.force = refusal.force
        options.articleDownloads = false
        #expect(throws: FolderError.self) { try SiteBuilder.build(options) }
    }

    @Test func theHomeFolderIsRefusedEvenForced() throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        let home = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        try Self.write(home, "文档/简历.docx", "简历")
        try Self.expectRefused(
            site: site, output: home.path, force: true, environment: ["HOME": home.path], watched: home,
            expected: """
                \(home.path): 错误: 不能把用户主目录或它的上级当作输出文件夹（即使加了 --force）
                    修改方法：用 --output 指定主目录里的一个新文件夹，例如 ~/网站
                """)
        // A new folder inside the home folder is fine.
        let inside = try ShowcaseProcess.run(
            [
                "build", "--source", site.root.path, "--output", home.appendingPathComponent("网站").path,
                "--no-downloads",
            ], environment: ["HOME": home.path])
        #expect(inside.status == 0, "\(inside.stderr)")
    }

    @Test func theFoldersAboveTheCurrentOneAreRefused() throws {
        let scratch = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Self.write(scratch, "work/here/file.txt", "x")
        let here = scratch.appendingPathComponent("work/here").path
        for folder in [scratch.appendingPathComponent("work").path, scratch.path] {
            #expect(throws: FolderError(folder, .holdsCurrentFolder)) {
                try Destination.claimForBuild(folder, force: true, currentFolder: here, home: nil)
            }
        }
        // The current folder itself follows the usual rules: refused while it holds files…
        #expect(throws: FolderError(here, .notOurs(entries: ["file.txt"], total: 1, export: false))) {
            try Destination.claimForBuild(here, force: false, currentFolder: here, home: nil)
        }
        // …and replaced only when named with --force.
        #expect(try Destination.claimForBuild(here, force: true, currentFolder: here, home: nil) == .replace)
    }

    @Test func englishMessages() throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        let scratch = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Self.write(scratch, "precious/thesis.txt", "论文")
        let output = scratch.appendingPathComponent("precious").path
        let run = try ShowcaseProcess.run(["build", "--source", site.root.path, "--output", output, "--lang", "en"])
        #expect(run.status == 1)
        #expect(
            run.stderr == """
                \(output): error: this folder was not made by Showcase and holds 1 entry (thesis.txt), which building would delete
                    how to fix: pass --output with an empty or new folder; to replace it with the site, deleting everything in it, add --force
                Build failed; the previous output is unchanged.

                """)
    }

    @Test func newEmptyMarkedAndForcedFoldersAreWritten() throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        let scratch = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        func build(_ output: String, force: Bool = false) throws -> Int32 {
            let run = try ShowcaseProcess.run(
                ["build", "--source", site.root.path, "--output", output, "--no-downloads"] + (force ? ["--force"] : []))
            return run.status
        }
        let fresh = scratch.appendingPathComponent("a/b/new").path
        #expect(try build(fresh) == 0)
        #expect(Destination.isMarked(fresh))
        #expect(FileManager.default.fileExists(atPath: fresh + "/index.html"))

        let empty = scratch.appendingPathComponent("empty").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(try build(empty) == 0)
        #expect(Destination.isMarked(empty))

        // A marked folder is Showcase's: a file someone put there goes with the old site.
        try Self.write(URL(fileURLWithPath: fresh), "stray.txt", "x")
        #expect(try build(fresh) == 0)
        #expect(!FileManager.default.fileExists(atPath: fresh + "/stray.txt"))

        // --force replaces an unmarked folder the user named, and marks it.
        try Self.write(scratch, "old-site/index.html", "旧网站")
        let forced = scratch.appendingPathComponent("old-site").path
        #expect(try build(forced) == 1)
        #expect(try build(forced, force: true) == 0)
        #expect(Destination.isMarked(forced))
        #expect(try String(contentsOfFile: forced + "/index.html", encoding: .utf8).contains("测试站点"))

        // Nothing is left beside the outputs but each one's cache, with the ledger of its files
        // (`OutputLedger`): Showcase's marked folders. No staging folder (the build after the
        // stray file trusted no ledger, so kept no old site), no lock file.
        let beside = try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
        #expect(beside == [".empty.cache", ".old-site.cache", "a", "empty", "old-site"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/a/b").sorted() == [".new.cache", "new"])
        for hidden in [".empty.cache", ".old-site.cache", "a/b/.new.cache"] {
            #expect(Destination.isMarked(scratch.path + "/" + hidden), "\(hidden)")
        }
    }

    @Test func aSecondBuildIntoTheSameFolderIsRefusedWhileTheFirstRuns() throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        try site.build()
        let before = try Self.tree(site.output)
        // This process holds the lock a running build would hold.
        let lock = try BuildLock(beside: site.output)
        let run = try ShowcaseProcess.run(["build", "--source", site.root.path, "--no-downloads"])
        lock.release()
        #expect(run.status == 1)
        #expect(
            run.stderr == """
                \(site.output.path): 错误: 另一个 showcase build 正在生成到这个文件夹（锁文件 \(site.root.path)/.output.lock）
                    修改方法：等它结束后再生成；如果确定没有别的生成在运行，再试一次即可（锁会随进程结束自动释放）
                生成失败，原有的输出文件夹未改动。

                """)
        #expect(try Self.tree(site.output) == before)
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".output.lock").path))
        // Once the lock is free the build goes ahead.
        #expect(try ShowcaseProcess.run(["build", "--source", site.root.path, "--no-downloads"]).status == 0)
    }

    @Test func exportAddsFilesOnlyToItsOwnEmptyOrNewFolders() throws {
        let site = try TestSite(["content/articles/a.md": "---\ntitle: 一篇文章\ndate: 2014-05-20\nauthor: 测试部门\ncolumn: 工作动态\n---\n正文。\n"])
        defer { site.remove() }
        let scratch = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Self.write(scratch, "desk/a.txt", "编辑自己的同名文件")
        let desk = scratch.appendingPathComponent("desk").path
        let before = try Self.tree(scratch)
        let refused = try ShowcaseProcess.run(["export", "--source", site.root.path, "a", "--format", "txt", "--out", desk])
        #expect(refused.status == 1)
        #expect(
            refused.stderr == """
                \(desk): 错误: 这个文件夹不是 Showcase 建立的，里面已有 1 项（a.txt），导出可能覆盖其中的同名文件
                    修改方法：用 --out 换一个空的或新的文件夹；如果确实要导出到这里（同名文件会被覆盖），加上 --force

                """)
        #expect(try Self.tree(scratch) == before)

        let fresh = scratch.appendingPathComponent("稿件").path
        #expect(try ShowcaseProcess.run(["export", "--source", site.root.path, "a", "--format", "txt", "--out", fresh]).status == 0)
        #expect(Destination.isMarked(fresh))
        // Its own folder takes further exports.
        #expect(try ShowcaseProcess.run(["export", "--source", site.root.path, "a", "--format", "docx", "--out", fresh]).status == 0)

        let forced = try ShowcaseProcess.run(["export", "--source", site.root.path, "a", "--format", "docx", "--out", desk, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: desk + "/a.txt", encoding: .utf8) == "编辑自己的同名文件")
        #expect(!Destination.isMarked(desk), "a folder of the user's never becomes Showcase's")
    }
}

/// Cases that need a filesystem of their own: a tmpfs the test mounts, which needs root and a
/// kernel that allows it. Where it cannot mount, each test records why and stops.
@Suite("Output folders on mount points, read-only and full disks", .serialized)
struct OutputFolderMountTests {
    /// Mounts a tmpfs of `size` at a new folder; nil (with the reason recorded) where it cannot.
    static func mount(size: String, options: String = "") -> URL? {
        let point = temporaryFolder("showcase-mnt")
        try? FileManager.default.createDirectory(at: point, withIntermediateDirectories: true)
        let run = shell(["mount", "-t", "tmpfs", "-o", "size=\(size)" + (options.isEmpty ? "" : "," + options), "tmpfs", point.path])
        if run != 0 {
            try? FileManager.default.removeItem(at: point)
            print("skipped: cannot mount a tmpfs here (mount exited \(run); it needs root and a kernel that allows it)")
            return nil
        }
        return point
    }

    static func unmount(_ point: URL) {
        _ = shell(["umount", point.path])
        try? FileManager.default.removeItem(at: point)
    }

    @discardableResult
    static func shell(_ arguments: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test func aMountPointIsRefusedEvenForced() throws {
        guard let point = Self.mount(size: "1m") else { return }
        defer { Self.unmount(point) }
        let site = try OutputFolderSafetyTests.makeSite()
        defer { site.remove() }
        try OutputFolderSafetyTests.write(point, "volume.txt", "卷里的文件")
        try OutputFolderSafetyTests.expectRefused(
            site: site, output: point.path, force: true, watched: point,
            expected: """
                \(point.path): 错误: 这是一个挂载点（磁盘、共享文件夹或容器卷），只能往里写，不能整体替换
                    修改方法：用 --output 指定它里面的一个子文件夹，例如 \(point.path)/site
                """)
        // The fix the message gives works.
        let inside = try ShowcaseProcess.run(["build", "--source", site.root.path, "--output", point.path + "/site", "--no-downloads"])
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(try String(contentsOfFile: point.path + "/volume.txt", encoding: .utf8) == "卷里的文件")
    }

    @Test func aReadOnlyDiskIsReportedInOurWords() throws {
        guard let point = Self.mount(size: "1m") else { return }
        defer { Self.unmount(point) }
        let site = try OutputFolderSafetyTests.makeSite()
        defer { site.remove() }
        try OutputFolderSafetyTests.write(point, "keep.txt", "只读盘上的文件")
        guard Self.shell(["mount", "-o", "remount,ro", point.path]) == 0 else {
            print("skipped: cannot remount the tmpfs read-only")
            return
        }
        let output = point.path + "/site"
        try OutputFolderSafetyTests.expectRefused(
            site: site, output: output, watched: point,
            expected: """
                \(point.path)/.site.lock: 错误: 无法建立生成锁文件：所在的磁盘是只读的
                    修改方法：换到可以写入的磁盘上的文件夹
                """)
    }

    @Test func aFullDiskFailsTheBuildAndKeepsThePreviousSite() throws {
        guard let point = Self.mount(size: "256k") else { return }
        defer { Self.unmount(point) }
        let site = try OutputFolderSafetyTests.makeSite()
        defer { site.remove() }
        // A previous site of Showcase's, small enough to fit.
        let output = point.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Destination.mark(output.path)
        try OutputFolderSafetyTests.write(output, "index.html", "旧网站")
        try OutputFolderSafetyTests.write(site.root, "content/static/big.bin", String(repeating: "x", count: 400_000))
        let before = try OutputFolderSafetyTests.tree(point)
        let run = try ShowcaseProcess.run(["build", "--source", site.root.path, "--output", output.path, "--no-downloads"])
        #expect(run.status == 1)
        // Which file the disk filled on varies; the message's shape does not.
        let first = run.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix(point.path + "/.site.staging/"), "\(run.stderr)")
        #expect(first.hasSuffix(": 错误: 无法写入文件：磁盘空间不足"), "\(run.stderr)")
        #expect(run.stderr.hasSuffix("修改方法：清理磁盘空间，或换到空间更大的磁盘，再生成\n生成失败，原有的输出文件夹未改动。\n"))
        #expect(try OutputFolderSafetyTests.tree(point) == before)
    }

    /// The new site goes live, then the old one cannot be deleted (here: a disk mounted inside
    /// it). The build succeeds, sets the old site aside, says where, and the next build works.
    @Test func anOldSiteThatCannotBeDeletedIsSetAsideAfterTheSwap() throws {
        let site = try OutputFolderSafetyTests.makeSite()
        defer { site.remove() }
        try site.build()
        let stuck = site.output.appendingPathComponent("stuck")
        try FileManager.default.createDirectory(at: stuck, withIntermediateDirectories: true)
        guard Self.shell(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", stuck.path]) == 0 else {
            print("skipped: cannot mount a tmpfs here")
            return
        }
        var mounted = stuck.path
        defer { Self.shell(["umount", mounted]) }
        let run = try ShowcaseProcess.run(["build", "--source", site.root.path, "--no-downloads"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("已生成 "))
        let aside = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".output.staging-left-") }
        #expect(aside.count == 1)
        guard let name = aside.first else { return }
        mounted = site.root.path + "/" + name + "/stuck"
        #expect(run.stderr.hasPrefix("\(site.root.path)/\(name): 警告: 新网站已经生效，但旧网站的文件无法删除（文件夹正被占用（可能是挂载点））"), "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("index.html").path))
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("stuck").path))
        // The staging name is free again: the next build works without a word.
        let next = try ShowcaseProcess.run(["build", "--source", site.root.path, "--no-downloads"])
        #expect(next.status == 0)
        #expect(next.stderr.isEmpty, "\(next.stderr)")
    }
}
