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
    package static func resolve(_ url: String, from pageDirectory: String = "") -> LocalPath {
        // This runs for every link of every document, and for menus on every page.
        let fast = url.utf8.withContiguousStorageIfAvailable { u in
            pageDirectory.utf8.withContiguousStorageIfAvailable { d in resolveBytes(u, from: d) } ?? nil
        }
        if let fast, let result = fast { return result }
        return resolveCharacters(url, from: pageDirectory)
    }

    /// ``resolve(_:from:)`` on UTF-8 bytes, for URLs where a byte is a character: ASCII without
    /// percent-escapes, which may decode to anything.
    /// `nil` for every other URL, which ``resolveCharacters(_:from:)`` handles.
    private static func resolveBytes(_ url: UnsafeBufferPointer<UInt8>, from directory: UnsafeBufferPointer<UInt8>) -> LocalPath? {
        // The usual link, a plain root-relative path of visible ASCII but `%`, `\`, `?` and `#`:
        // nothing to trim, decode or cut off, so it is decided before any of that is looked for.
        if isPlainRootRelative(url), url.allSatisfy(isCleanPathByte) {
            return .inside(String(decoding: UnsafeBufferPointer(rebasing: url.dropFirst()), as: UTF8.self))
        }
        // A browser drops tab, LF and CR before it reads the scheme (`java⏎script:`), so a URL
        // holding any control character is refused before the scheme is looked at.
        if url.contains(where: URLPolicy.isControlByte) { return .escapes }
        guard !url.contains(where: { $0 >= 0x80 || $0 == 0x25 }),
              !directory.contains(where: { $0 >= 0x80 || $0 == 0x0D }) else { return nil }
        // `trimmingCharacters(in: .whitespaces)`: in ASCII, space (tab is refused above).
        var start = 0, end = url.count
        while start < end, url[start] == 0x20 { start += 1 }
        while end > start, url[end - 1] == 0x20 { end -= 1 }
        let trimmed = UnsafeBufferPointer(rebasing: url[start..<end])
        guard let first = trimmed.first, first != 0x23, first != 0x3F else { return .external } // # ?
        if let colon = trimmed.firstIndex(of: 0x3A), colon < (trimmed.firstIndex(of: 0x2F) ?? trimmed.endIndex) {
            let scheme = trimmed[..<colon]
            let isSchemeByte: (UInt8) -> Bool = { b in
                (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) || b == 0x2B || b == 0x2D || b == 0x2E
            }
            if scheme.allSatisfy(isSchemeByte) {
                return URLPolicy.safeSchemes.contains(String(decoding: scheme, as: UTF8.self).lowercased()) ? .external : .escapes
            }
        }
        if trimmed.count >= 2, trimmed[0] == 0x2F, trimmed[1] == 0x2F { return .external }
        let path = trimmed[..<(trimmed.firstIndex { $0 == 0x3F || $0 == 0x23 } ?? trimmed.endIndex)]
        guard !path.contains(0x5C), !path.contains(0) else { return .escapes }
        // The same once trimmed and cut at `?` or `#` (`/articles/x/#top`).
        let p = UnsafeBufferPointer(rebasing: path)
        if isPlainRootRelative(p) {
            return .inside(String(decoding: UnsafeBufferPointer(rebasing: p.dropFirst()), as: UTF8.self))
        }
        // Segments as (from the page's folder?, range); `.` and empty ones skipped, `..` climbs.
        var segments: [(inDirectory: Bool, range: Range<Int>)] = []
        if path.first != 0x2F {
            for part in directory.split(separator: 0x2F) { segments.append((true, part.startIndex..<part.endIndex)) }
        }
        for part in path.split(separator: 0x2F) {
            if part.count == 1 && part.first == 0x2E { continue }
            if part.count == 2 && part.first == 0x2E && part.last == 0x2E {
                guard !segments.isEmpty else { return .escapes }
                segments.removeLast()
            } else {
                segments.append((false, part.startIndex..<part.endIndex))
            }
        }
        var out: [UInt8] = []
        for (i, segment) in segments.enumerated() {
            if i > 0 { out.append(0x2F) }
            out.append(contentsOf: segment.inDirectory ? directory[segment.range] : trimmed[segment.range])
        }
        if path.last == 0x2F && !segments.isEmpty { out.append(0x2F) }
        return .inside(String(decoding: out, as: UTF8.self))
    }

    /// Whether `path` starts with `/` and has no segment that is empty or starts with a dot
    /// (no `//`, no `/.`): then it resolves to itself without the first slash.
    private static func isPlainRootRelative(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        guard path.first == 0x2F else { return false }
        var previous: UInt8 = 0x2F
        for byte in path.dropFirst() {
            if previous == 0x2F && (byte == 0x2F || byte == 0x2E) { return false }
            previous = byte
        }
        return true
    }

    /// Comparisons rather than a table: a static table is behind a `swift_once` check on
    /// every use, which cost more than the comparisons.
    @inline(__always)
    private static func isCleanPathByte(_ b: UInt8) -> Bool {
        b > 0x20 && b < 0x7F && b != 0x25 && b != 0x5C && b != 0x3F && b != 0x23
    }

    /// ``resolve(_:from:)`` one character at a time, for any URL.
    static func resolveCharacters(_ url: String, from pageDirectory: String) -> LocalPath {
        if URLPolicy.firstControl(in: url) != nil { return .escapes }
        // Most URLs start and end with a visible ASCII character: nothing to trim, and no trip
        // through Foundation (this function runs for every link of every document).
        let visible: (UInt8) -> Bool = { $0 > 0x20 && $0 < 0x7F }
        let trimmed = url.utf8.first.map(visible) == true && url.utf8.last.map(visible) == true
            ? url : url.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("?") { return .external }
        if let colon = trimmed.firstIndex(of: ":"), let slash = trimmed.firstIndex(of: "/") ?? Optional(trimmed.endIndex), colon < slash {
            let scheme = trimmed[..<colon].lowercased()
            if scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) {
                return URLPolicy.safeSchemes.contains(scheme) ? .external : .escapes
            }
        }
        if trimmed.hasPrefix("//") { return .external }
        var path = trimmed
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        let decoded = path.utf8.contains(0x25) ? path.removingPercentEncoding : path
        guard let decoded, !decoded.utf8.contains(0x5C), !decoded.utf8.contains(0) else { return .escapes }
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
