import Foundation
import Testing

@testable import Content
@testable import Destination
@testable import Site

/// The build is all or nothing, and the same sources always give the same bytes.
@Suite("Killed builds and determinism", .serialized)
struct CrashSafetyTests {
    /// A site big enough that a build takes a while: 40 organizations, `articles` articles.
    static func writeLargeSite(at root: URL, articles: Int, title: String = "大网站") throws {
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("content/articles"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("content/organizations"), withIntermediateDirectories: true)
        if !fm.fileExists(atPath: root.appendingPathComponent("templates").path) {
            try fm.copyItem(at: repositoryRoot.appendingPathComponent("templates"), to: root.appendingPathComponent("templates"))
        }
        try siteYAML(title).write(to: root.appendingPathComponent("content/site.yaml"), atomically: true, encoding: .utf8)
        try fm.createDirectory(at: root.appendingPathComponent("content/data"), withIntermediateDirectories: true)
        try TestSite.choicesYAML.write(to: root.appendingPathComponent(Choices.path), atomically: true, encoding: .utf8)
        for i in 0..<40 {
            try
                "---\nname: 组织\(i)\nkind: \(["registered", "grassroots", "hub"][i % 3])\ndomain: youth\nregistered: 2013-05-16\nsupervisor: 测试市妇女联合会\n---\n组织\(i)的介绍。\n"
                .write(to: root.appendingPathComponent("content/organizations/org-\(i).md"), atomically: false, encoding: .utf8)
        }
        let paragraph = String(repeating: "妇女儿童公益服务的报道，", count: 50) + "\n\n"
        for i in 0..<articles {
            let text = """
                ---
                title: 第\(i)篇报道
                date: 20\(10 + i % 10)-0\(1 + i % 9)-1\(i % 9)
                author: 示例作者
                column: \(["妇儿之窗", "工作动态", "组织风采"][i % 3])
                tags: [标签\(i % 30), 标签\(i % 7)]
                organizations: [org-\(i % 40)]
                ---
                \(paragraph)\(paragraph)见[组织](/organizations/org-\(i % 40)/)。

                """
            try text.write(
                to: root.appendingPathComponent("content/articles/a-\(String(i).leftPadded(to: 4)).md"), atomically: false, encoding: .utf8)
        }
    }

    static func siteYAML(_ title: String) -> String {
        "title: \(title)\ndescription: 测试\nbase_url: https://example.org/sub/\nmenu:\n  - title: 首页\n    url: /\nfederation:\n  name: 测试市妇女联合会\ndomains:\n  - slug: youth\n    name: 青少年服务\n  - slug: elderly\n    name: 助老服务\n"
    }

    static func temporaryFolder(_ name: String) throws -> URL {
        let url = ShowcaseTests.temporaryFolder("showcase-\(name)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// SIGKILL at seeded random moments of a 2,000-article build: after every kill `output/` is
    /// exactly the site it was before or exactly the new one, never a mix; a staging folder left
    /// by a kill does not stop the next build.
    @Test func aKilledBuildLeavesTheOldOrTheNewSiteNeverAMix() throws {
        let root = try Self.temporaryFolder("crash")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.writeLargeSite(at: root, articles: 2_000)
        let output = root.appendingPathComponent("output")
        let arguments = ["build", "--source", root.path, "--no-downloads", "--today", "2026-11-29"]

        // The two sites the kills alternate between, each built once to the end.
        let versions = ["大网站（甲版）", "大网站（乙版）"]
        var expected: [[String: Data]] = []
        var fullBuild = 0.0
        for (i, title) in versions.enumerated() {
            try Self.siteYAML(title).write(to: root.appendingPathComponent("content/site.yaml"), atomically: true, encoding: .utf8)
            let started = Date()
            let run = try ShowcaseProcess.run(arguments)
            fullBuild = max(fullBuild, Date().timeIntervalSince(started))
            try #require(run.status == 0, "\(run.stderr)")
            expected.append(try snapshot(of: output))
            #expect(expected[i].count > 2_000)
        }
        #expect(expected[0] != expected[1])

        var generator = SeededGenerator(seed: UInt64(ProcessInfo.processInfo.environment["SHOWCASE_CRASH_SEED"] ?? "") ?? 20_141_120)
        var current = 1 // output/ now holds version 1
        var outcomes: [String] = []
        for run in 0..<15 {
            let target = 1 - current
            try Self.siteYAML(versions[target]).write(to: root.appendingPathComponent("content/site.yaml"), atomically: true, encoding: .utf8)
            // Anywhere from the first instant to a little after a whole build (then it finished).
            let delay = Double.random(in: 0...(fullBuild * 1.1), using: &generator)
            let logs = root.appendingPathComponent("run-\(run)")
            let process = try ShowcaseProcess.start(arguments, logs: logs)
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let killed = process.terminationReason == .uncaughtSignal
            if !killed { #expect(process.terminationStatus == 0, "run \(run) finished with status \(process.terminationStatus)") }

            let now = try snapshot(of: output)
            if now == expected[current] {
                outcomes.append(killed ? "killed→old" : "finished→old?")
                #expect(killed, "run \(run): a build that finished must leave the new site")
            } else if now == expected[target] {
                outcomes.append(killed ? "killed→new" : "finished→new")
                current = target
            } else {
                let mixed = Set(now.keys).symmetricDifference(expected[current].keys).count
                Issue.record("run \(run) (killed after \(delay) s): output/ is neither the old nor the new site (\(mixed) paths differ from the old)")
                return
            }
        }
        #expect(outcomes.contains("killed→old"), "no kill landed during a build: \(outcomes)")

        // Whatever a kill left behind (a staging folder, which carries Showcase's marker from its
        // first moment; here one a killed build was making from nothing, in place of the last
        // site kept there as the spare), the next build succeeds and cleans up.
        let target = 1 - current
        try Self.siteYAML(versions[target]).write(to: root.appendingPathComponent("content/site.yaml"), atomically: true, encoding: .utf8)
        let staging = root.appendingPathComponent(".output.staging")
        try? FileManager.default.removeItem(at: staging)
        try FileManager.default.createDirectory(at: staging.appendingPathComponent("articles/stale"), withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: staging.appendingPathComponent("articles/stale/index.html"))
        try Destination.mark(staging.path)
        let last = try ShowcaseProcess.run(arguments)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try snapshot(of: output) == expected[target])
        // The folder is the old site now, kept for the next build: the leftover is gone.
        #expect(!FileManager.default.fileExists(atPath: staging.appendingPathComponent("articles/stale").path))
    }

    /// Saves both versions of files that differ, for diagnosis (`<folder>/{reference,other}/…`).
    static func keep(_ paths: Set<String>, _ reference: [String: Data], _ other: [String: Data]) throws -> String {
        guard !paths.isEmpty else { return "-" }
        let folder = try temporaryFolder("nondeterminism")
        for path in paths {
            for (side, files) in [("reference", reference), ("other", other)] {
                guard let data = files[path] else { continue }
                let url = folder.appendingPathComponent("\(side)/\(path)")
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
        }
        return folder.path
    }

    /// The same sources give byte-identical output with 1, 2 or all worker threads, and in two
    /// different folders: nothing in the output depends on the machine, the path or the clock.
    @Test func outputIsByteIdenticalAcrossWorkersAndFolders() throws {
        let first = try Self.temporaryFolder("determinism-a")
        let second = try Self.temporaryFolder("determinism-bb/nested")
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second.deletingLastPathComponent())
        }
        let site = try TestSite(fullSite)
        defer { site.remove() }
        for folder in [first, second] {
            try overlay(site.root, onto: folder)
            try Self.writeLargeSite(at: folder, articles: 120, title: "测试站点")
        }
        func build(_ root: URL, _ extra: [String], environment: [String: String] = [:]) throws -> [String: Data] {
            let output = root.appendingPathComponent("out-\(extra.joined())")
            let run = try ShowcaseProcess.run(
                ["build", "--source", root.path, "--output", output.path, "--today", "2026-11-29"] + extra,
                environment: environment)
            try #require(run.status == 0, "\(run.stderr)")
            return try snapshot(of: output)
        }
        let reference = try build(first, ["--jobs", "1"])
        #expect(reference.keys.contains { $0.hasSuffix(".docx") }, "article downloads are part of the comparison")
        #expect(reference.count > 200)
        for (name, other) in [
            ("--jobs 2", try build(first, ["--jobs", "2"])),
            ("default workers", try build(first, [])),
            ("SHOWCASE_JOBS=3", try build(first, [], environment: ["SHOWCASE_JOBS": "3"])),
            ("another folder", try build(second, ["--jobs", "2"])),
        ] {
            let differing = Set(reference.keys).symmetricDifference(other.keys).union(reference.keys.filter { reference[$0] != other[$0] })
            let kept = try Self.keep(differing, reference, other)
            #expect(differing.isEmpty, "\(name): \(differing.sorted().prefix(10)); both versions kept in \(kept)")
        }

        // No trace of the machine: the folder, the user's home, the host name.
        let traces = [first.path, second.path, NSHomeDirectory(), FileManager.default.temporaryDirectory.path, ProcessInfo.processInfo.hostName]
            .filter { $0.count > 4 }
        for (path, data) in reference where !path.hasSuffix(".docx") {
            let text = String(decoding: data, as: UTF8.self)
            for trace in traces where text.contains(trace) { Issue.record("\(path) contains \(trace)") }
        }
    }
}

/// SplitMix64: a small generator whose sequence is fixed by its seed, so a failing kill
/// pattern can be replayed (`SHOWCASE_CRASH_SEED`).
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
