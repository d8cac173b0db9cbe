import ArgumentParser
import Content
import Destination
import Diagnostics
import Foundation
import Preview
import Site

/// `showcase serve`: builds the site, serves it on loopback, rebuilds on every save in
/// `content/` or `templates/` and reloads the open pages.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "边写边预览：保存即重新生成并刷新浏览器 / live preview")

    @OptionGroup var site: SiteOptions

    @OptionGroup var build: BuildFlags

    @Option(name: .long, help: "监听地址（默认只允许本机访问）/ address to listen on")
    var host = "127.0.0.1"

    @Option(name: .long, help: "端口（0 表示自动选择）/ port (0: any free port)")
    var port: UInt16 = 8080

    @Flag(name: .long, help: "保存后留在当前页面，不跳到所改条目的页面 / keep open pages where they are after a save")
    var stay = false

    func run() async throws {
        let options = try site.running { try build.options(site) }
        let lang = site.lang
        let session = PreviewSession(options: options, lang: lang, goToSaved: !stay) { line in say(line) }
        // Watching starts before the first build, so a save made while it runs is built next.
        session.startRebuilding()
        FolderWatcher(folders: [site.root.appendingPathComponent("content"), site.root.appendingPathComponent("templates")]) { settled, files in
            session.changed(settled: settled, files: files)
        }.start()
        // The first build decides whether there is anything to serve: a folder that cannot be
        // written ends the command; content errors are served as the error page.
        if case .folderError(let error) = session.build() {
            throw CommandFailure.report(error, in: lang, writing: options.output.path, trailer: nil)
        }
        let server = PreviewServer(session: session, lang: lang)
        let host = self.host
        let basePath = session.basePath
        let serving = Task {
            try await server.run(host: host, port: port) { bound in
                let shown = host.contains(":") ? "[\(host)]" : host
                say(
                    lang == .zh
                        ? "预览地址：http://\(shown):\(bound)\(basePath)（按 Ctrl-C 停止）" : "Preview: http://\(shown):\(bound)\(basePath) (Ctrl-C stops)")
            }
        }
        // Ctrl-C: stop serving and end. A build that is running finishes first (the builder
        // writes to its staging folder and swaps only at the end), so output/ is a whole site.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let (stop, stopped) = AsyncStream<Void>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { stopped.yield() }
            source.resume()
            sources.append(source)
        }
        defer { withExtendedLifetime(sources) {} }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await serving.value }
                group.addTask { for await _ in stop { return } }
                try await group.next()
                group.cancelAll()
                serving.cancel()
            }
        } catch {
            throw CommandFailure.report(OptionError(.cannotServe(host: host, port: port, reason: "\(error)")), in: lang, writing: nil, trailer: nil)
        }
        session.waitForBuild()
        say(lang == .zh ? "预览已停止。" : "Preview stopped.")
    }
}

/// A line on standard output, written at once: whoever reads it (a terminal, a test waiting
/// for the address) must not wait for a buffer to fill.
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
