/// Where a URL written in content points, decided without touching the disk.
package enum LocalPath: Equatable, Sendable {
    /// Another site (`https://…`, `mailto:`), or only a fragment or query.
    case external
    /// A path inside the site, relative to its root, without a leading slash (`images/a.svg`).
    case inside(String)
    /// Climbs out of the site (`../../etc/passwd`, `%2e%2e/`, a backslash), has an unsafe
    /// scheme, or holds a control character (see ``URLPolicy``).
    case escapes

    /// Resolves `url` as written on a page whose folder is `pageDirectory` (`articles/x/`).
    /// The rule is ``resolveCharacters(_:from:)`` (the site's one URL policy, see
    /// ``URLPolicy``); the byte check in front of it only answers the shapes nearly every link
    /// has, and only where the rule gives the same answer (tested on the same table).
    package static func resolve(_ url: String, from pageDirectory: String = "") -> LocalPath {
        // This runs for every link of every document, and for menus on every page.
        precheck(url.utf8) ?? resolveCharacters(url, from: pageDirectory)
    }

    /// The answer for a link of one of the everyday shapes, from its bytes alone, else nil:
    /// a plain root-relative path (`/organizations/x/`, `/images/a.svg?v=2#top`: visible ASCII,
    /// no `%` or `\`, no empty or dot segment) is inside the site whatever page it is on;
    /// `https://`, `http://` or `mailto:` followed by visible ASCII is another site.
    package static func precheck(_ url: String.UTF8View) -> LocalPath? {
        guard let first = url.first else { return nil }
        if first == UInt8(ascii: "/") {
            // Up to a `?` or `#`: nothing to trim, decode or climb.
            let end = url.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? url.endIndex
            let path = url[..<end]
            guard isPlainRootRelative(path), path.allSatisfy(isCleanPathByte),
                url[end...].allSatisfy(isVisibleASCII)
            else { return nil }
            return .inside(String(decoding: path.dropFirst(), as: UTF8.self))
        }
        for prefix in ["https://", "http://", "mailto:"] {
            if url.count > prefix.utf8.count, url.starts(with: prefix.utf8), url.allSatisfy(isVisibleASCII) { return .external }
        }
        return nil
    }

    /// Whether `path` starts with `/` and has no segment that is empty or starts with a dot
    /// (no `//`, no `/.`): then it resolves to itself without the first slash.
    private static func isPlainRootRelative(_ path: Substring.UTF8View) -> Bool {
        guard path.first == UInt8(ascii: "/") else { return false }
        var previous = UInt8(ascii: "/")
        for byte in path.dropFirst() {
            if previous == UInt8(ascii: "/") && (byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".")) { return false }
            previous = byte
        }
        return true
    }

    /// Comparisons rather than a table: a static table is behind a `swift_once` check on
    /// every use, which cost more than the comparisons.
    @inline(__always)
    private static func isCleanPathByte(_ b: UInt8) -> Bool {
        isVisibleASCII(b) && b != UInt8(ascii: "%") && b != UInt8(ascii: "\\") && b != UInt8(ascii: "?") && b != UInt8(ascii: "#")
    }

    /// `!` to `~`: no space, no control character, nothing a browser would drop or decode.
    @inline(__always)
    private static func isVisibleASCII(_ b: UInt8) -> Bool { b > 0x20 && b < 0x7F }

    /// The rule: ``resolve(_:from:)`` one character at a time, for any URL. A control
    /// character anywhere refuses it; a scheme outside ``URLPolicy/safeSchemes`` refuses it;
    /// `//host` and a scheme it allows are another site; `?…` and `#…` alone stay on the page;
    /// a path is cut at `?` or `#`, percent-decoded once, refused with a backslash or NUL, and
    /// resolved against `pageDirectory`: a `..` above the site's root refuses it.
    static func resolveCharacters(_ url: String, from pageDirectory: String) -> LocalPath {
        if URLPolicy.firstControl(in: url) != nil { return .escapes }
        // Most URLs start and end with a visible ASCII character: nothing to trim, and no trip
        // through Foundation (this function runs for every link of every document).
        let visible: (UInt8) -> Bool = { $0 > 0x20 && $0 < 0x7F }
        let trimmed =
            url.utf8.first.map(visible) == true && url.utf8.last.map(visible) == true
            ? url : url.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("?") { return .external }
        // The scheme as a browser reads it (`JavaScript:` is `javascript:`; `1x:` and `中文:` are none).
        if let scheme = URLPolicy.scheme(of: trimmed) {
            return URLPolicy.safeSchemes.contains(scheme) ? .external : .escapes
        }
        if trimmed.hasPrefix("//") { return .external }
        var path = trimmed
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        let decoded = path.utf8.contains(UInt8(ascii: "%")) ? path.removingPercentEncoding : path
        guard let decoded, !decoded.utf8.contains(UInt8(ascii: "\\")), !decoded.utf8.contains(0) else { return .escapes }
        var segments: [Substring] = decoded.hasPrefix("/") ? [] : pageDirectory.split(separator: "/")
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                guard !segments.isEmpty else { return .escapes }
                segments.removeLast()
            } else {
                segments.append(segment)
            }
        }
        return .inside(segments.joined(separator: "/") + (decoded.hasSuffix("/") && !segments.isEmpty ? "/" : ""))
    }
}
