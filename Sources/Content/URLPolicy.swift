/// The one rule for URLs written in a site's sources (menus, front matter, Markdown bodies,
/// `base_url`), so that no page can carry a link that runs script.
///
/// Browsers remove tab, LF and CR from anywhere in a URL, and C0 controls and spaces from its
/// ends, *before* they read the scheme: `java⏎script:alert(1)` is `javascript:alert(1)` to
/// them. A check that looks at the scheme as written would let it through. So a URL holding
/// any control character is refused outright, before anything else is looked at; what is
/// left has the same scheme for us as for a browser.
package enum URLPolicy {
    /// Schemes a reader may follow from content; everything else (`javascript:`, `data:`,
    /// `file:`, `vbscript:`, `ftp:`) is refused.
    package static let safeSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    /// Why a URL is refused.
    package enum Refusal: Equatable, Sendable {
        /// A C0 or C1 control character (tab, LF and CR among them) or DEL, at this character offset.
        case invisibleCharacter(at: Int)
        /// A scheme outside ``safeSchemes`` (lowercased, without the colon).
        case unsafeScheme(String)
        /// A path that climbs out of the site (`../../etc/passwd`, `%2e%2e/`, a backslash).
        case escapes
        /// Not an absolute `http`/`https` URL with a host, nor a root-relative path.
        case notABaseURL
    }

    /// Whether `byte` (of UTF-8) is a C0 control or DEL. C1 controls are two bytes, the first 0xC2.
    @inline(__always)
    static func isControlByte(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x7F }

    /// Whether `scalar` is a control character a URL may not hold: C0 (tab, LF, CR among them),
    /// DEL and C1. The field readers strip controls from text, which would join
    /// `java\u{1}script:` into `javascript:`, so URLs are checked before that.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The offset (in characters, as messages count columns) of the first control character, if any.
    package static func firstControl(in url: String) -> Int? {
        // Most URLs are visible ASCII: no character walk.
        if !url.utf8.contains(where: { isControlByte($0) || $0 == 0xC2 }) { return nil }
        for (offset, character) in url.enumerated() where character.unicodeScalars.contains(where: isControl) {
            return offset
        }
        return nil
    }

    /// A link or image address as an author wrote it on a page in `directory` (`articles/x/`):
    /// `nil` when a page may carry it, else why not.
    package static func check(link url: String, from directory: String = "") -> Refusal? {
        if let offset = firstControl(in: url) { return .invisibleCharacter(at: offset) }
        guard LocalPath.resolve(url, from: directory) == .escapes else { return nil }
        if let scheme = scheme(of: url), !safeSchemes.contains(scheme) { return .unsafeScheme(scheme) }
        return .escapes
    }

    /// The scheme of `url` as a browser reads it once the spaces around it are gone
    /// (`JavaScript:x` → `javascript`), or `nil` for a path.
    package static func scheme(of url: String) -> String? {
        let trimmed = url.trimmingSpaces()
        guard let colon = trimmed.firstIndex(of: ":"), colon != trimmed.startIndex,
            !trimmed[..<colon].contains("/")
        else { return nil }
        let scheme = trimmed[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return scheme.lowercased()
    }

    /// The site's `base_url`, from `site.yaml` or `--base-url`: `nil` when it is an absolute
    /// `http`/`https` URL with a host (`https://example.org/showcase/`) or a root-relative path
    /// (`/showcase/`), else why not. No query, fragment, backslash or whitespace: the base is
    /// put in front of every path of the site, in canonical links, feeds and the sitemap.
    package static func check(baseURL url: String) -> Refusal? {
        if let offset = firstControl(in: url) { return .invisibleCharacter(at: offset) }
        let forbidden: Set<UInt8> = [0x20, 0x3F, 0x23, 0x5C, 0x22, 0x27, 0x3C, 0x3E] // space ? # \ " ' < >
        if url.utf8.contains(where: { forbidden.contains($0) }) { return .notABaseURL }
        if url.hasPrefix("/") { return url.hasPrefix("//") ? .notABaseURL : nil }
        let lower = url.lowercased()
        guard let schemeEnd = ["http://", "https://"].first(where: { lower.hasPrefix($0) }) else { return .notABaseURL }
        let authority = url.dropFirst(schemeEnd.count).prefix { $0 != "/" }
        // A host (letters, digits, dots, hyphens: IDN names too; or a bracketed IPv6 address),
        // then an optional port; no user information (`https://example.org@evil.example/`).
        let host: Substring, port: Substring?
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { return .notABaseURL }
            port = after.isEmpty ? nil : after.dropFirst()
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return .notABaseURL }
        } else {
            let colon = authority.firstIndex(of: ":")
            host = authority[..<(colon ?? authority.endIndex)]
            port = colon.map { authority[authority.index(after: $0)...] }
            guard let first = host.first, first != ".", first != "-",
                host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" })
            else { return .notABaseURL }
        }
        if let port, port.isEmpty || port.count > 5 || !port.allSatisfy({ $0.isASCII && $0.isNumber }) { return .notABaseURL }
        return nil
    }

    /// The URL with its control characters shown as visible symbols (␉ ␊ ␍, ␀…␟, ␡), for messages.
    package static func visible(_ url: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in url.unicodeScalars {
            switch scalar.value {
            case 0..<0x20: out.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: out.append("\u{2421}")
            case 0x80...0x9F: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// The problem to report for `refusal` of the URL in `field`.
    package static func problem(_ refusal: Refusal, field: String, value: String) -> ContentProblem {
        switch refusal {
        case .invisibleCharacter: .urlControlCharacter(field: field, value: visible(value))
        case .unsafeScheme(let scheme): .unsafeURLScheme(field: field, value: value, scheme: scheme)
        case .escapes: .pathEscapesSite(field: field, value: value)
        case .notABaseURL: .invalidBaseURL(field: field, value: value)
        }
    }
}
