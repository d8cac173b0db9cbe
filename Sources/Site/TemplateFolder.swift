import Content
import Destination
import Diagnostics
import Foundation
import Templates

/// The site's `templates/` folder read into a ``TemplateSet``, with every problem reported the
/// way content problems are (file, line, column, the line itself). Here rather than in
/// Templates, which compiles and renders text and knows nothing of files or diagnostics.
extension TemplateSet {
    /// Compiles every `*.html` file below `folder`, checking that each name in `required` exists
    /// and that every partial or parent a template names exists. Throws ``ContentErrors``
    /// whose diagnostics point at `templates/x.html:line:column`
    /// (a ``TemplateProblem``, or the content's file problems: unreadable, not UTF-8, a link out).
    /// `transform` changes each file's text before it is compiled (the Traditional edition's
    /// templates are the same files converted).
    package static func load(
        folder: URL, displayPrefix: String = "templates", required: [String],
        transform: ((String) -> String)? = nil
    ) throws -> TemplateSet {
        var sink = DiagnosticSink()
        var compiled: [String: CompiledTemplate] = [:]
        var files: [String: String] = [:]
        var texts: [String: String] = [:]
        var references: [(from: String, name: String, location: SourceLocation, line: String)] = []
        for (relative, outside) in htmlFiles(in: folder) {
            let name = String(relative.dropLast(".html".count))
            let display = "\(displayPrefix)/\(relative)"
            files[name] = display
            // A symbolic link out of the folder is refused, as in `content/`: a partial linked to
            // a system file would publish it on every page. (Known by name: no "missing" too.)
            if let outside {
                sink.error(.symlinkOutside(target: outside, folder: displayPrefix), at: SourceLocation(file: display))
                continue
            }
            // A file that cannot be read says why (permissions…), not that it is not UTF-8.
            let data: Data
            do {
                data = try Data(contentsOf: folder.appendingPathComponent(relative))
            } catch {
                sink.error(.unreadable(errno: FolderError.posixCode(of: error)), at: SourceLocation(file: display))
                continue
            }
            guard var text = String(data: data, encoding: .utf8) else {
                sink.error(.notUTF8, at: SourceLocation(file: display))
                continue
            }
            if let transform { text = transform(text) }
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            func line(_ n: Int) -> String { lines.indices.contains(n - 1) ? String(lines[n - 1]) : "" }
            do {
                let template = try TemplateSet.compile(text)
                compiled[name] = template
                texts[name] = text
                references += template.references.map {
                    (name, $0.name, SourceLocation(file: display, line: $0.line, column: $0.column), line($0.line))
                }
            } catch {
                sink.error(
                    error.problem,
                    at: SourceLocation(file: display, line: error.line, column: error.column), line: line(error.line))
            }
        }
        for name in required where files[name] == nil {
            sink.error(TemplateProblem.missingTemplate("\(displayPrefix)/\(name).html"), at: SourceLocation(file: "\(displayPrefix)/\(name).html"))
        }
        for ref in references where files[ref.name] == nil {
            sink.error(TemplateProblem.missingTemplate("\(displayPrefix)/\(ref.name).html"), at: ref.location, line: ref.line)
        }
        // A template that includes itself, directly or through others, would never finish.
        var includes: [String: [String]] = [:]
        for ref in references { includes[ref.from, default: []].append(ref.name) }
        for ref in references where reaches(ref.name, ref.from, includes) {
            sink.error(
                TemplateProblem.includeLoop(template: ref.name, includer: ref.from),
                at: ref.location, line: ref.line)
        }
        if sink.hasErrors { throw ContentErrors(sink.all) }
        return TemplateSet(compiled: compiled, files: files, texts: texts)
    }

    /// Whether template `start` includes `target`, directly or through other templates.
    private static func reaches(_ start: String, _ target: String, _ includes: [String: [String]]) -> Bool {
        var seen: Set<String> = []
        var stack = [start]
        while let name = stack.popLast() {
            if name == target { return true }
            if seen.insert(name).inserted { stack += includes[name] ?? [] }
        }
        return false
    }

    /// The `.html` files below `folder` but `static/`, each with the target of its symbolic
    /// link when that leads out of the folder.
    private static func htmlFiles(in folder: URL) -> [(relative: String, outside: String?)] {
        guard let e = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else { return [] }
        let base = folder.standardizedFileURL.path
        let real = folder.resolvingSymlinksInPath().path
        var out: [(relative: String, outside: String?)] = []
        for case let url as URL in e where url.pathExtension == "html" {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(base + "/") else { continue }
            let relative = String(path.dropFirst(base.count + 1))
            if relative.hasPrefix("static/") { continue }
            // Every file, not only links: a folder on the way may be a link too (the enumerator
            // does not enter one today, but that is Foundation's choice, not ours).
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            // The link's own text only names the target in the message; the resolved path will do.
            let outside = resolved.hasPrefix(real + "/") ? nil : (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? resolved
            out.append((relative, outside))
        }
        return out.sorted { $0.relative < $1.relative }
    }
}
