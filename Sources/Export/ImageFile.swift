import Content
import Foundation

/// An image an article refers to, read from `content/static`.
struct ImageFile: Sendable {
    enum Format: String, Sendable {
        case png, jpeg, gif, svg

        var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
        var mimeType: String {
            switch self {
            case .png: "image/png"
            case .jpeg: "image/jpeg"
            case .gif: "image/gif"
            case .svg: "image/svg+xml"
            }
        }
    }

    /// Path relative to the static folder (`images/x.png`).
    var path: String
    var data: Data
    var format: Format
    /// Pixels; nil for SVG, which has no fixed size.
    var pixelSize: (width: Int, height: Int)?

    var fileName: String { (path as NSString).lastPathComponent }

    /// Loads the image a Markdown destination points to, or nil when it is remote, outside the
    /// static folder, missing or not a PNG, JPEG, GIF or SVG (the caller then shows the alt text).
    static func load(_ url: String, staticRoot: URL, config: SiteConfig) -> ImageFile? {
        // A missing or unreadable image is the build's broken-link warning already; here the
        // document shows the alt text in its place, as a browser would.
        guard let relative = localPath(url, baseURL: config.baseURL, basePath: config.basePath),
            let data = try? Data(contentsOf: staticRoot.appendingPathComponent(relative)),
            let format = sniff(data, path: relative)
        else { return nil }
        return ImageFile(path: relative, data: data, format: format, pixelSize: ImageHeaders.size(of: data, format: format))
    }

    /// `/images/x.png`, `/<base path>/images/x.png`, `images/x.png` or `<base URL>images/x.png`
    /// → `images/x.png`; nil for any other host, and for what the site's one rule
    /// (``LocalPath/resolve(_:from:)``) refuses or finds outside the site: control
    /// characters, other schemes, `..` above the static folder, encoded or not.
    static func localPath(_ url: String, baseURL: String, basePath: String) -> String? {
        var path = url
        if URLPolicy.firstControl(in: path) == nil, path.hasPrefix(baseURL) {
            // The site's own address written in full: a path from the site's root.
            path = "/" + path.dropFirst(baseURL.count)
        } else if path.hasPrefix("/"), !path.hasPrefix("//") {
            path = "/" + LinkResolver.siteRelative(path, basePath: basePath)
        }
        guard case .inside(let relative) = LocalPath.resolve(path), !relative.isEmpty, !relative.hasSuffix("/") else { return nil }
        return relative
    }

    /// The format from the file's first bytes (SVG by its name and an `<svg` near the start).
    static func sniff(_ data: Data, path: String) -> Format? {
        let head = [UInt8](data.prefix(12))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: Array("GIF8".utf8)) { return .gif }
        if path.lowercased().hasSuffix(".svg"), let text = String(data: data.prefix(4096), encoding: .utf8),
            text.contains("<svg")
        {
            return .svg
        }
        return nil
    }
}

/// Reads pixel dimensions from image headers, without decoding the image.
enum ImageHeaders {
    static func size(of data: Data, format: ImageFile.Format) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data)
        switch format {
        case .png: return png(bytes)
        case .jpeg: return jpeg(bytes)
        case .gif: return gif(bytes)
        case .svg: return nil
        }
    }

    /// The IHDR chunk always comes first: width and height are big-endian at offsets 16 and 20.
    static func png(_ b: [UInt8]) -> (width: Int, height: Int)? {
        guard b.count >= 24, Array(b[12..<16]) == Array("IHDR".utf8) else { return nil }
        let w = be32(b, 16), h = be32(b, 20)
        return w > 0 && h > 0 ? (w, h) : nil
    }

    /// Walks the marker segments to the first start-of-frame (SOF0–SOF15 except DHT, JPG, DAC).
    static func jpeg(_ b: [UInt8]) -> (width: Int, height: Int)? {
        var i = 2
        while i + 9 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                let h = Int(b[i + 5]) << 8 | Int(b[i + 6])
                let w = Int(b[i + 7]) << 8 | Int(b[i + 8])
                return w > 0 && h > 0 ? (w, h) : nil
            }
            guard length >= 2 else { return nil }
            i += 2 + length
        }
        return nil
    }

    static func gif(_ b: [UInt8]) -> (width: Int, height: Int)? {
        guard b.count >= 10 else { return nil }
        let w = Int(b[6]) | Int(b[7]) << 8, h = Int(b[8]) | Int(b[9]) << 8
        return w > 0 && h > 0 ? (w, h) : nil
    }

    private static func be32(_ b: [UInt8], _ i: Int) -> Int {
        Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
    }
}
