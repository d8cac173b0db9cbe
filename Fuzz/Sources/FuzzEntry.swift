// The libFuzzer entry point for Showcase's input handling: front matter, YAML, fields,
// Markdown, and the whole load → render path of a one-file site. See Fuzz/README.md.
//
// Built two ways:
// - with `-DSHOWCASE_FUZZ -sanitize=fuzzer,address` (Fuzz/run.sh): libFuzzer supplies `main`;
// - in a normal `swift build`: the `@main` below replays files given on the command line,
//   so a crash found by the fuzzer can be reproduced without the fuzzer toolchain.
import Diagnostics
import Foundation
// Internal types (SourceText, FieldReader, EntryParsers) need a debug build's testability;
// a release build of every target gets only a stub (see the end of the file).
#if DEBUG
@testable import Content
import Markdown
@testable import Site

/// The first byte of an input picks what it exercises; the rest is the file's content.
enum FuzzMode: UInt8, CaseIterable {
    case frontMatter, markdown, loadArticle, loadSiteYAML, loadFigures, build
    /// `site.yaml` or a data file generated from the bytes (StructuredYAML.swift).
    case structuredSiteYAML, structuredData
}

/// A site folder reused by every run of one process (the fuzzer runs inputs one after another).
let fuzzSite: URL = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("showcase-fuzz-\(getpid())")
    let fm = FileManager.default
    try? fm.removeItem(at: root)
    try! fm.createDirectory(at: root.appendingPathComponent("content/organizations"), withIntermediateDirectories: true)
    try! fm.createDirectory(at: root.appendingPathComponent("content/articles"), withIntermediateDirectories: true)
    try! fm.createDirectory(at: root.appendingPathComponent("content/data"), withIntermediateDirectories: true)
    // The theme, when the repository is the working directory (run.sh makes sure it is).
    let theme = URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("templates")
    if fm.fileExists(atPath: theme.path) { try? fm.copyItem(at: theme, to: root.appendingPathComponent("templates")) }
    atexit { try? FileManager.default.removeItem(atPath: FileManager.default.temporaryDirectory.appendingPathComponent("showcase-fuzz-\(getpid())").path) }
    return root
}()

let validSiteYAML = """
title: 模糊测试
description: 模糊测试用的站点
base_url: https://example.org/sub/
menu:
  - title: 首页
    url: /
federation:
  name: 测试市妇女联合会
domains:
  - slug: youth
    name: 青少年服务

"""

let validOrganization = "---\nname: 示例组织\nkind: registered\ndomain: youth\nregistered: 2013-05-16\nsupervisor: 测试市妇女联合会\n---\n正文。\n"

let validChoices = """
organizations:
  supervisor: [测试市妇女联合会, 测试市民政局]
events:
  kind: [嘉年华, 市集, 培训]
articles:
  column: [妇儿之窗, 工作动态]
projects:
  program: [公益创投, 微创投]
  status: [已结项, 实施中]
aliases:
  测试市妇联: 测试市妇女联合会

"""

func write(_ path: String, _ data: Data) {
    try! data.write(to: fuzzSite.appendingPathComponent(path))
}

/// Runs one input. Any crash, sanitizer report or uncaught trap is a finding; thrown
/// `ContentErrors` are the expected outcome for bad input.
func runOne(_ bytes: Data) {
    guard let first = bytes.first else { return }
    let mode = FuzzMode.allCases[Int(first) % FuzzMode.allCases.count]
    let payload = bytes.dropFirst()
    let text = String(decoding: payload, as: UTF8.self)
    switch mode {
    case .frontMatter:
        var sink = DiagnosticSink()
        let source = SourceText(path: "content/articles/fuzz.md", text: text)
        guard let split = source.split(into: &sink) else { return }
        var choicesSink = DiagnosticSink()
        write("content/data/choices.yaml", Data(validChoices.utf8))
        let choices = Choices.read(root: fuzzSite, into: &choicesSink) ?? Choices()
        let parsers = EntryParsers(dates: DateParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!), choices: choices)
        let body = MarkdownDocument(parsing: split.body)
        let entry = EntrySource(path: source.path, slug: "fuzz", body: body)
        // Each kind reads the same mapping with a fresh reader, as the loader would.
        let readers: [(FieldReader) -> Void] = [
            { _ = parsers.organization($0, entry) }, { _ = parsers.event($0, entry) }, { _ = parsers.article($0, entry) },
            { _ = parsers.project($0, entry) }, { _ = parsers.page($0, entry) },
        ]
        for read in readers {
            guard let fields = source.fields(yaml: split.yaml, firstLine: split.yamlFirstLine, into: &sink) else { break }
            read(fields)
            fields.reportUnknownKeys()
            for d in fields.diagnostics { _ = d.formatted(in: .zh); _ = d.formatted(in: .en) }
        }
        for d in sink.all { _ = d.formatted(in: .zh) }
    case .markdown:
        for unsafe in [false, true] {
            let options = MarkdownOptions(unsafeHTML: unsafe) { url, _ in
                switch LocalPath.resolve(url, from: "articles/x/") {
                case .escapes: return nil
                case .external: return url
                case .inside(let p): return "/sub/" + p
                }
            }
            let doc = MarkdownDocument(parsing: text, options: options)
            for d in doc.destinations { checkBrowserScheme(d.url) }
            _ = doc.plainText
            _ = Summary.of(doc)
        }
    case .structuredSiteYAML, .structuredData:
        var choices = FuzzChoices(payload)
        let programs = choices.chance(50)
        var generator = StructuredYAML(choices)
        let yaml = mode == .structuredSiteYAML ? generator.siteYAML() : generator.dataFile(programs: programs)
        write("content/site.yaml", Data((mode == .structuredSiteYAML ? yaml : validSiteYAML).utf8))
        // No entries: the generated file alone decides whether the site loads.
        try? FileManager.default.removeItem(at: fuzzSite.appendingPathComponent("content/organizations/known.md"))
        try? FileManager.default.removeItem(at: fuzzSite.appendingPathComponent("content/articles/fuzz.md"))
        removeDataFiles()
        if mode == .structuredData { write("content/data/\(programs ? "programs" : "figures").yaml", Data(yaml.utf8)) }
        // `SHOWCASE_FUZZ_SHOW=1 showcase-fuzz FILE` shows the generated file and what the loader said.
        let show = ProcessInfo.processInfo.environment["SHOWCASE_FUZZ_SHOW"] != nil
        if show { print(yaml) }
        do {
            checkLoadedSite(try SiteLoader.load(root: fuzzSite))
            if show { print("loaded") }
        } catch let e as ContentErrors {
            let messages = e.diagnostics.map { $0.formatted(in: .zh) }
            if show { print(messages.joined(separator: "\n")) }
        } catch {}
    case .loadArticle, .loadSiteYAML, .loadFigures, .build:
        write("content/site.yaml", Data((mode == .loadSiteYAML ? text : validSiteYAML).utf8))
        write("content/organizations/known.md", Data(validOrganization.utf8))
        write("content/data/choices.yaml", Data(validChoices.utf8))
        write("content/articles/fuzz.md", mode == .loadSiteYAML || mode == .loadFigures ? Data(validOrganization.utf8) : Data(payload))
        removeDataFiles()
        if mode == .loadFigures { write("content/data/figures.yaml", Data(payload)) }
        if mode == .build {
            var options = BuildOptions(root: fuzzSite)
            options.articleDownloads = first & 0x80 != 0
            options.now = Date(timeIntervalSince1970: 1_795_000_000)
            do { _ = try SiteBuilder.build(options) } catch let e as ContentErrors { _ = e.diagnostics.map { $0.formatted(in: .zh) } } catch {}
        } else {
            do { checkLoadedSite(try SiteLoader.load(root: fuzzSite)) } catch let e as ContentErrors { _ = e.diagnostics.map { $0.formatted(in: .zh) } } catch {}
        }
    }
}

func removeDataFiles() {
    for name in ["figures.yaml", "programs.yaml"] { try? FileManager.default.removeItem(at: fuzzSite.appendingPathComponent("content/data/\(name)")) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    runOne(Data(bytes: data, count: size))
    return 0
}

#if SHOWCASE_FUZZ
/// libFuzzer's driver. SwiftPM renames an executable's entry point (to `showcase_fuzz_main`),
/// so libFuzzer's own `main` is never linked: this `@main` hands control to the driver instead.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@main
struct FuzzDriver {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
    }
}
#else
/// Without libFuzzer: `showcase-fuzz FILE…` runs each file once (to reproduce a finding).
@main
struct Replay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { print("cannot read \(path)"); continue }
            runOne(data)
            print("ok \(path)")
        }
    }
}
#endif
#else
@main
struct Replay {
    static func main() { print("showcase-fuzz: build it in debug (Fuzz/run.sh)") }
}
#endif
