import Content
import Diagnostics
import FlyingFox
import FlyingSocks
import Foundation

/// `showcase serve`'s HTTP side, on FlyingFox: the output folder's files, the reload events,
/// and the error page while the last build failed. Every response says `no-store`, so a
/// reloaded page is always the newest build.
package struct PreviewServer: Sendable {
    /// The session whose output is served.
    package let session: PreviewSession
    /// The language of the error pages.
    package let lang: MessageLanguage

    /// A server of `session`'s output, with error pages in `lang`.
    package init(session: PreviewSession, lang: MessageLanguage) {
        self.session = session
        self.lang = lang
    }

    /// Serves until the task is cancelled. `listening` is called once with the bound port (the
    /// one asked for, or the one the system chose for port 0).
    package func run(host: String, port: UInt16, listening: @escaping @Sendable (UInt16) -> Void) async throws {
        let address: any SocketAddress =
            host.contains(":")
            ? try sockaddr_in6.inet6(ip6: host, port: port)
            : try sockaddr_in.inet(ip4: host, port: port)
        let server = HTTPServer(address: address, timeout: 15, logger: .disabled)
        await server.appendRoute("*") { request in await respond(to: request) }
        let task = Task { try await server.run() }
        try await server.waitUntilListening()
        if case .ip4(_, let bound)? = await server.listeningAddress {
            listening(bound)
        } else if case .ip6(_, let bound)? = await server.listeningAddress {
            listening(bound)
        }
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// One request: the reload events, a file of the site, the error page, or 404.
    package func respond(to request: HTTPRequest) async -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            return HTTPResponse(statusCode: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        let path = request.target.path(percentEncoded: true)
        if path == ReloadChannel.path { return session.reload.response(after: request.query["after"].flatMap { Int($0) }) }
        // Read per request: a fixed `base_url` moves the site to another path.
        let files = OutputFiles(root: session.options.output, basePath: session.basePath)
        switch files.lookup(path) {
        case .redirect(let location):
            return HTTPResponse(statusCode: .movedPermanently, headers: [.location: location, .cacheControl: "no-store"])
        case .file(let file):
            if file.hasSuffix(".html"), let failure = failurePage() { return html(failure, status: .internalServerError) }
            return serve(file, status: .ok)
        case .notFound:
            if let failure = failurePage() { return html(failure, status: .internalServerError) }
            if case .file(let page) = files.lookup(files.basePath + "404.html") { return serve(page, status: .notFound) }
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: Data("404".utf8))
        }
    }

    private func failurePage() -> String? {
        switch session.outcome {
        case .failed(let diagnostics)?: ErrorPage.html(diagnostics, lang: lang)
        case .folderError(let error)?: ErrorPage.html(error, lang: lang)
        case .built?, nil: nil
        }
    }

    private func serve(_ file: String, status: HTTPStatusCode) -> HTTPResponse {
        guard var data = FileManager.default.contents(atPath: file) else {
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: Data("404".utf8))
        }
        if file.hasSuffix(".html") { data = Self.withReloadScript(data, script: session.reload.script) }
        return HTTPResponse(
            statusCode: status, headers: [.contentType: OutputFiles.contentType(for: file), .cacheControl: "no-store"],
            body: data)
    }

    private func html(_ text: String, status: HTTPStatusCode) -> HTTPResponse {
        HTTPResponse(
            statusCode: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: Self.withReloadScript(Data(text.utf8), script: session.reload.script))
    }

    /// The page with the reload script before its last `</body>` (or at the end when it has none).
    static func withReloadScript(_ page: Data, script: String) -> Data {
        let script = Data(script.utf8)
        guard let end = page.range(of: Data("</body>".utf8), options: .backwards) else { return page + script }
        var out = page
        out.insert(contentsOf: script, at: end.lowerBound)
        return out
    }
}

extension HTTPHeader {
    static let allow = HTTPHeader("Allow")
}
