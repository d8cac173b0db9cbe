/// Where a URL written in content points, decided without touching the disk.
package enum LocalPath: Equatable, Sendable {
    /// Another site (`https://…`, `mailto:`), or only a fragment or query.
    case external
    /// A path inside the site, relative to its root, without a leading slash (`images/a.svg`).
    case inside(String)
    /// Climbs out of the site (`../../etc/passwd`, `%2e%2e/`, a backslash), or an unsafe scheme.
    case escapes

    /// Schemes a reader may follow from content; everything else (`javascript:`, `data:`,
    /// `file:`, `vbscript:`) is refused.
    static let safeSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    /// Resolves `url` as written on a page whose folder is `pageDirectory` (`articles/x/`).
    package static func resolve(_ url: String, from pageDirectory: String = "") -> LocalPath {
        // Most URLs start and end with a visible ASCII character: nothing to trim, and no trip
        // through Foundation (this function runs for every link of every document).
        let visible: (UInt8) -> Bool = { $0 > 0x20 && $0 < 0x7F }
        let trimmed = url.utf8.first.map(visible) == true && url.utf8.last.map(visible) == true
            ? url : url.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("?") { return .external }
        if let colon = trimmed.firstIndex(of: ":"), let slash = trimmed.firstIndex(of: "/") ?? Optional(trimmed.endIndex), colon < slash {
            let scheme = trimmed[..<colon].lowercased()
            if scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) {
                return safeSchemes.contains(scheme) ? .external : .escapes
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
