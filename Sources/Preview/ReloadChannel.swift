import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// Tells every open preview page that the site changed, as server-sent events: the page's
/// small script (`ReloadChannel.script`) reloads when a `reload` message arrives, or a JSON
/// list of paths that holds its own (`/articles/x/`), and the browser's `EventSource`
/// reconnects by itself when the server restarts.
package final class ReloadChannel: Sendable {
    /// Where pages listen; outside any site path (a slug cannot start with `_`).
    package static let path = "/__showcase/events"

    /// Injected before `</body>` of each HTML page the preview serves, never into `output/`.
    package static let script =
        "<script>new EventSource(\"\(path)\").onmessage=function(e){if(e.data===\"reload\"||"
        + "JSON.parse(e.data).indexOf(location.pathname.replace(/index\\.html$/,\"\"))>=0)location.reload()}</script>"

    /// More changed pages than this are told as one `reload` of every page.
    static let mostPaths = 1000

    private let listeners = Mutex<[UUID: AsyncStream<[UInt8]>.Continuation]>([:])

    /// A channel with no page listening yet.
    package init() {}

    /// Sends `reload` to every page listening now.
    package func reload() {
        send("reload")
    }

    /// Tells the open pages that the files `changed` (relative to the output folder, served
    /// under `basePath`) have new bytes: the pages among them reload (``event(changed:basePath:)``).
    package func reload(changed: [String], basePath: String) {
        if let event = Self.event(changed: changed, basePath: basePath) { send(event) }
    }

    /// The event for changed files: the JSON list of the changed pages' paths; `reload` (every
    /// page) when a stylesheet, script, image or font changed, or too many pages to list; nil
    /// when no page changed (feeds, downloads and the search index reload nothing).
    static func event(changed: [String], basePath: String) -> String? {
        var paths: [String] = []
        for file in changed {
            if file.hasSuffix(".html") {
                let page = basePath + file.dropLast(file.hasSuffix("index.html") ? "index.html".count : 0)
                paths.append(page.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? page)
            } else if pagesUse(file) {
                return "reload"
            }
        }
        if paths.isEmpty { return nil }
        if paths.count > mostPaths { return "reload" }
        // Percent-encoded paths hold no quote or backslash: each is a JSON string as it is.
        return "[" + paths.map { "\"" + $0 + "\"" }.joined(separator: ",") + "]"
    }

    /// Whether a file is one pages load (stylesheet, script, image, font): its change shows
    /// on every page.
    private static func pagesUse(_ file: String) -> Bool {
        let suffix = file.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return ["css", "js", "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "woff", "woff2"].contains(suffix)
    }

    private func send(_ data: String) {
        let message = Array("data: \(data)\n\n".utf8)
        for continuation in listeners.withLock({ Array($0.values) }) { continuation.yield(message) }
    }

    /// Pages listening now.
    package var listenerCount: Int { listeners.withLock { $0.count } }

    /// A response that stays open and carries one event per build.
    package func response() -> HTTPResponse {
        let id = UUID()
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingNewest(4))
        continuation.onTermination = { [weak self] _ in self?.listeners.withLock { _ = $0.removeValue(forKey: id) } }
        listeners.withLock { $0[id] = continuation }
        // A comment first, so the browser sees the stream open at once.
        continuation.yield(Array(": connected\n\n".utf8))
        return HTTPResponse(
            statusCode: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: HTTPBodySequence(from: EventBytes(stream: stream)))
    }
}

/// The events as FlyingFox's byte sequence: each message is one buffer (one chunk on the wire).
struct EventBytes: AsyncBufferedSequence {
    typealias Element = UInt8
    let stream: AsyncStream<[UInt8]>

    func makeAsyncIterator() -> Iterator { Iterator(base: stream.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var base: AsyncStream<[UInt8]>.Iterator
        var pending: ArraySlice<UInt8> = []

        mutating func next() async -> UInt8? {
            if pending.isEmpty { pending = (await base.next() ?? [])[...] }
            return pending.popFirst()
        }

        mutating func nextBuffer(suggested count: Int) async -> ArraySlice<UInt8>? {
            if pending.isEmpty {
                guard let message = await base.next() else { return nil }
                pending = message[...]
            }
            let buffer = pending.prefix(count)
            pending = pending.dropFirst(buffer.count)
            return buffer
        }
    }
}
