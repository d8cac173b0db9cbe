import Content
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Maps a request's path to a file inside the output folder, and refuses every way out of it:
/// `..` segments (also written `%2e%2e`), encoded slashes and backslashes, NUL and other
/// control characters, hidden files (the folder's marker among them) and symbolic links that
/// lead outside. The path is read as the client sent it, percent-encoded, and decoded once here.
package struct OutputFiles: Sendable {
    /// The output folder's real path (symbolic links resolved).
    package let root: String
    /// The path the site is served under, from `base_url`: `/` or `/sub/`.
    package let basePath: String

    /// What a request path names in the output folder.
    package enum Lookup: Sendable, Equatable {
        case file(String)
        /// A folder asked for without its trailing slash: its relative links need one.
        case redirect(String)
        case notFound
    }

    /// The files of the output folder `root`, served under `basePath`.
    package init(root: URL, basePath: String) {
        let path = root.standardizedFileURL.path
        self.root = Content.realPath(path) ?? path
        self.basePath = basePath.hasSuffix("/") ? basePath : basePath + "/"
    }

    /// The file a request path names, or why none is served.
    package func lookup(_ rawPath: String) -> Lookup {
        // The server's root leads to a site served under a sub-path.
        if rawPath == "/" && basePath != "/" { return .redirect(basePath) }
        guard rawPath.hasPrefix(basePath) || rawPath + "/" == basePath else { return .notFound }
        if rawPath + "/" == basePath { return .redirect(basePath) }
        let relative = rawPath.dropFirst(basePath.count)
        let lowered = relative.lowercased()
        guard !lowered.contains("%2f"), !lowered.contains("%5c"), !relative.contains("\\"),
            let decoded = String(relative).removingPercentEncoding,
            !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" })
        else { return .notFound }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.contains(where: { $0.hasPrefix(".") }) else { return .notFound }
        var path = ([root] + segments.map(String.init)).joined(separator: "/")
        var st = stat()
        guard stat(path, &st) == 0 else { return .notFound }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            guard decoded.isEmpty || decoded.hasSuffix("/") else { return .redirect(rawPath + "/") }
            path += "/index.html"
        }
        // Symbolic links are followed only while they stay inside the output folder.
        guard let real = Content.realPath(path),
            real.hasPrefix(root + "/"), stat(real, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG
        else { return .notFound }
        return .file(real)
    }

    /// The content type for a file name; text types say they are UTF-8, which every text file
    /// Showcase writes is.
    package static func contentType(for path: String) -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml; charset=utf-8"
        case "xml": return "application/xml; charset=utf-8"
        case "ics": return "text/calendar; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "zip": return "application/zip"
        case "pdf": return "application/pdf"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        default: return "application/octet-stream"
        }
    }
}
