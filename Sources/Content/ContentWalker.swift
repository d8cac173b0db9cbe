import Foundation

/// Lists the files of `content/`, refusing symbolic links that lead outside it.
struct ContentWalker {
    let root: URL
    let contentFolder: URL

    private var contentReal: String { contentFolder.resolvingSymlinksInPath().path }

    /// `.md` files of one folder, recursively, as (path relative to the site, URL), sorted.
    func markdownFiles(in folder: String, into sink: inout DiagnosticSink) -> [(String, URL)] {
        files(in: folder, into: &sink).filter { $0.0.hasSuffix(".md") }
    }

    /// Every file below `content/<folder>/`, relative to that folder.
    func allFiles(in folder: String, into sink: inout DiagnosticSink) -> [String] {
        let prefix = "content/\(folder)/"
        return files(in: folder, into: &sink).map { String($0.0.dropFirst(prefix.count)) }
    }

    private func files(in folder: String, into sink: inout DiagnosticSink) -> [(String, URL)] {
        let base = contentFolder.appendingPathComponent(folder)
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey],
                                             options: [.skipsHiddenFiles]) else { return [] }
        var out: [(String, URL)] = []
        let basePath = base.path
        for case let url as URL in enumerator {
            let relative = "content/\(folder)/" + String(url.path.dropFirst(basePath.count + 1))
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            if values?.isSymbolicLink == true {
                let target = url.resolvingSymlinksInPath().path
                if !(target == contentReal || target.hasPrefix(contentReal + "/")) {
                    sink.error(.symlinkOutside(target: (try? fm.destinationOfSymbolicLink(atPath: url.path)) ?? target),
                               at: SourceLocation(file: relative))
                    continue
                }
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: target, isDirectory: &isDir), !isDir.boolValue { out.append((relative, url)) }
                continue
            }
            if values?.isRegularFile == true { out.append((relative, url)) }
        }
        return out.sorted { $0.0 < $1.0 }
    }
}
