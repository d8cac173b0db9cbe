import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// Tells every open preview page that the site changed, as server-sent events: the page's
/// small script (`ReloadChannel.script`) reloads when a `reload` message arrives, or a list of
/// changed paths that holds its own (`/articles/x/`), and goes to the page of the file just
/// saved when the message names one (`go`) and its own page did not change. The browser's
/// `EventSource` reconnects by itself when the server restarts.
package final class ReloadChannel: Sendable {
    /// Where pages listen; outside any site path (a slug cannot start with `_`).
    package static let path = "/__showcase/events"

    /// Injected before `</body>` of each HTML page the preview serves, never into `output/`.
    /// `after`: how many events were sent when the page was served. The page listens from
    /// there: one that reloads while a save is being built, and connects after that build's
    /// event went out, still hears it (events sent before it connected are replayed).
    static func script(after: Int) -> String {
        "<script>new EventSource(\"\(path)?after=\(after)\").onmessage=function(e){if(e.data===\"reload\")return location.reload();"
            + "var m=JSON.parse(e.data);if(m.pages.indexOf(location.pathname.replace(/index\\.html$/,\"\"))>=0)location.reload();"
            + "else if(m.go)location.assign(m.go)}</script>"
    }

    /// The script for a page served now (``script(after:)``).
    package var script: String { Self.script(after: state.withLock { $0.sent }) }

    /// More changed pages than this are told as one `reload` of every page.
    static let mostPaths = 1000
    /// The events kept for pages that connect late: a page that waits longer than this many
    /// rebuilds to connect has missed them (it reconnects to the newest).
    static let replayed = 8

    private struct State {
        var listeners: [UUID: AsyncStream<[UInt8]>.Continuation] = [:]
        /// Events sent since the preview began.
        var sent = 0
        /// The last ``replayed`` events, numbered from 1.
        var recent: [(number: Int, message: [UInt8])] = []
    }
    private let state = Mutex(State())

    /// A channel with no page listening yet.
    package init() {}

    /// Sends `reload` to every page listening now.
    package func reload() {
        send("reload")
    }

    /// Tells the open pages that the files `changed` (relative to the output folder, served
    /// under `basePath`) have new bytes: the pages among them reload, and with `goTo`, the
    /// others go to the one page changed, if there is one (``event(changed:basePath:goTo:)``).
    package func reload(changed: [String], basePath: String, goTo: Bool = false) {
        if let event = Self.event(changed: changed, basePath: basePath, goTo: goTo) { send(event) }
    }

    /// The event for changed files: `{"pages":[…]}`, the changed pages' paths, with
    /// `"go":"/articles/x/"` when `goTo` and exactly one page changed (the page of the file
    /// just saved, where the person who saved it wants to look); `reload` (every page) when a
    /// stylesheet, script, image or font changed, or too many pages to list; nil when no page
    /// changed (feeds, downloads and the search index reload nothing).
    static func event(changed: [String], basePath: String, goTo: Bool = false) -> String? {
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
        let pages = "\"pages\":[" + paths.map { "\"" + $0 + "\"" }.joined(separator: ",") + "]"
        if goTo, paths.count == 1 { return "{" + pages + ",\"go\":\"" + paths[0] + "\"}" }
        return "{" + pages + "}"
    }

    /// Whether a file is one pages load (stylesheet, script, image, font): its change shows
    /// on every page.
    private static func pagesUse(_ file: String) -> Bool {
        let suffix = file.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return ["css", "js", "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "woff", "woff2"].contains(suffix)
    }

    private func send(_ data: String) {
        let message = Array("data: \(data)\n\n".utf8)
        let listeners = state.withLock { state in
            state.sent += 1
            state.recent.append((state.sent, message))
            if state.recent.count > Self.replayed { state.recent.removeFirst() }
            return Array(state.listeners.values)
        }
        for continuation in listeners { continuation.yield(message) }
    }

    /// Pages listening now.
    package var listenerCount: Int { state.withLock { $0.listeners.count } }

    /// A response that stays open and carries one event per build: first those sent after the
    /// `after`th, when the page says it was served then (``script(after:)``).
    package func response(after: Int? = nil) -> HTTPResponse {
        let id = UUID()
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingNewest(Self.replayed + 4))
        continuation.onTermination = { [weak self] _ in self?.state.withLock { _ = $0.listeners.removeValue(forKey: id) } }
        // A comment first, so the browser sees the stream open at once.
        continuation.yield(Array(": connected\n\n".utf8))
        // Under the lock that sends: no event is both missed and replayed, or replayed twice.
        state.withLock { state in
            if let after { for event in state.recent where event.number > after { continuation.yield(event.message) } }
            state.listeners[id] = continuation
        }
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
