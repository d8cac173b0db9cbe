import Content
import Foundation
import Mustache

/// The site's templates, compiled once and shared by every rendering thread.
///
/// The only place that sees the Mustache engine: the rest of the code hands in a template
/// name and a dictionary prepared by the view-model layer.
package struct TemplateSet: Sendable {
    private let library: MustacheLibrary
    /// Template names (`article`, `partials/header`) with the file each came from.
    package let files: [String: String]

    /// Compiles every `*.html` file below `folder`, checking that each name in `required` exists
    /// and that every partial or parent a template names exists. Throws ``ContentErrors``
    /// whose diagnostics point at `templates/x.html:line:column`.
    package static func load(folder: URL, displayPrefix: String = "templates", required: [String]) throws -> TemplateSet {
        SiteHTML.register()
        var sink = DiagnosticSink()
        var library = MustacheLibrary()
        var files: [String: String] = [:]
        var references: [(name: String, location: SourceLocation, line: String)] = []
        let paths = htmlFiles(in: folder)
        for relative in paths {
            let name = String(relative.dropLast(".html".count))
            let display = "\(displayPrefix)/\(relative)"
            files[name] = display
            guard let text = try? String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8) else {
                sink.error(.notUTF8, at: SourceLocation(file: display))
                continue
            }
            do {
                // Every template escapes with the site's own escaper (see `SiteHTML`); the pragma
                // shares line 1 with the template so line numbers in messages stay true.
                let template = try MustacheTemplate(string: SiteHTML.pragma + text)
                library.register(template, named: name)
                references += partialReferences(in: text, file: display)
            } catch let error as MustacheTemplate.ParserError {
                let c = error.context
                let shift = c.lineNumber == 1 ? SiteHTML.pragma.count : 0
                var line = c.line.trimmingCharacters(in: .newlines)
                if shift > 0, line.hasPrefix(SiteHTML.pragma) { line.removeFirst(shift) }
                sink.error(.templateSyntax(reason(error.error)),
                           at: SourceLocation(file: display, line: c.lineNumber, column: max(1, c.columnNumber + 1 - shift)), line: line)
            } catch {
                sink.error(.templateSyntax(String(describing: error)), at: SourceLocation(file: display))
            }
        }
        for name in required where files[name] == nil {
            sink.error(.missingTemplate("\(displayPrefix)/\(name).html"), at: SourceLocation(file: "\(displayPrefix)/\(name).html"))
        }
        for ref in references where files[ref.name] == nil {
            sink.error(.missingTemplate("\(displayPrefix)/\(ref.name).html"), at: ref.location, line: ref.line)
        }
        if sink.hasErrors { throw ContentErrors(sink.all) }
        return TemplateSet(library: library, files: files)
    }

    /// Renders the named template; the name must have been required at load time.
    package func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    private static func htmlFiles(in folder: URL) -> [String] {
        guard let e = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else { return [] }
        let base = folder.standardizedFileURL.path
        var out: [String] = []
        for case let url as URL in e where url.pathExtension == "html" {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(base + "/") else { continue }
            let relative = String(path.dropFirst(base.count + 1))
            if !relative.hasPrefix("static/") { out.append(relative) }
        }
        return out.sorted()
    }

    /// `{{> name}}` and `{{< name}}` tags, so a misspelt partial is an error rather than nothing.
    private static func partialReferences(in text: String, file: String) -> [(String, SourceLocation, String)] {
        var out: [(String, SourceLocation, String)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let after = rest[open.upperBound...]
                guard let close = after.range(of: "}}") else { break }
                let tag = after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if let first = tag.first, first == ">" || first == "<" {
                    let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                    let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                    out.append((name, SourceLocation(file: file, line: index + 1, column: column), String(line)))
                }
                rest = after[close.upperBound...]
            }
        }
        return out
    }

    /// The engine's error, in words a designer can act on.
    private static func reason(_ error: Error) -> String {
        guard let e = error as? MustacheTemplate.Error else { return String(describing: error) }
        switch e {
        case .sectionCloseNameIncorrect: return "结束标签 {{/…}} 的名称与开始标签不一致 (section closed with the wrong name)"
        case .unfinishedName: return "标签没有用 }} 结束 (unfinished tag)"
        case .expectedSectionEnd: return "缺少结束标签 {{/…}} (section never closed)"
        case .invalidSetDelimiter: return "分隔符设置 {{=… …=}} 写法有误 (invalid set-delimiter tag)"
        case .transformAppliedToInheritanceSection: return "继承区块不能使用变换 (transform on an inheritance block)"
        case .illegalTokenInsideInheritSection: return "继承区块里只能有 {{$…}} 区块 (illegal tag inside a parent)"
        case .textInsideInheritSection: return "继承区块里只能有 {{$…}} 区块 (text inside a parent)"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "配置标签 {{% … }} 写法有误 (invalid config tag)"
        }
    }
}

/// HTML escaping for `{{value}}`: the same characters as the engine's own escaper (`& < > " '`),
/// plus removal of control characters, and byte-wise rather than per grapheme with a dictionary
/// lookup, which made escaping a third of the build's time.
struct SiteHTML: MustacheContentType {
    static let name = "SHOWCASE_HTML"
    static let pragma = "{{% CONTENT_TYPE: \(name)}}"

    func escapeText(_ text: String) -> String { Escape.xml(text) }

    private static let registered: Void = MustacheContentTypes.register(SiteHTML(), named: name)
    static func register() { _ = registered }
}
