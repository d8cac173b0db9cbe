import Content
import Foundation
import Support

/// The site's templates, compiled once and shared by every rendering thread.
///
/// The only place that knows the template language: the rest of the code hands in a template
/// name and the ``TemplateValue`` fields prepared by the view-model layer.
package struct TemplateSet: Sendable {
    private let program: TemplateProgram
    /// Template names (`article`, `partials/header`) with the file each came from.
    package let files: [String: String]

    /// Compiles every `*.html` file below `folder`, checking that each name in `required` exists
    /// and that every partial or parent a template names exists. Throws ``ContentErrors``
    /// whose diagnostics point at `templates/x.html:line:column`.
    /// `transform` changes each file's text before it is compiled (the Traditional edition's
    /// templates are the same files converted).
    package static func load(
        folder: URL, displayPrefix: String = "templates", required: [String],
        transform: ((String) -> String)? = nil
    ) throws -> TemplateSet {
        var sink = DiagnosticSink()
        var compiled: [String: [TemplateNode]] = [:]
        var files: [String: String] = [:]
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
                sink.error(.unreadable(errno: posixCode(of: error)), at: SourceLocation(file: display))
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
                let (nodes, refs) = try TemplateParser.parse(text)
                compiled[name] = nodes
                references += refs.map { (name, $0.name, SourceLocation(file: display, line: $0.line, column: $0.column), line($0.line)) }
            } catch {
                sink.error(
                    .templateSyntax(reason(error.reason)),
                    at: SourceLocation(file: display, line: error.line, column: error.column), line: line(error.line))
            }
        }
        for name in required where files[name] == nil {
            sink.error(.missingTemplate("\(displayPrefix)/\(name).html"), at: SourceLocation(file: "\(displayPrefix)/\(name).html"))
        }
        for ref in references where files[ref.name] == nil {
            sink.error(.missingTemplate("\(displayPrefix)/\(ref.name).html"), at: ref.location, line: ref.line)
        }
        // A template that includes itself, directly or through others, would never finish.
        var includes: [String: [String]] = [:]
        for ref in references { includes[ref.from, default: []].append(ref.name) }
        for ref in references where reaches(ref.name, ref.from, includes) {
            sink.error(
                .templateSyntax("\(ref.name) 又包含了 \(ref.from)，模板互相包含会无限循环 (templates include each other in a loop)"),
                at: ref.location, line: ref.line)
        }
        if sink.hasErrors { throw ContentErrors(sink.all) }
        return TemplateSet(program: TemplateProgram(compiled), files: files)
    }

    /// Renders the named template; the name must have been required at load time.
    package func render(_ name: String, _ context: TemplateFields) -> String {
        renderBytes(name, context).string
    }

    /// ``render(_:_:)`` as the UTF-8 bytes to write: pages are rendered into a byte buffer, which
    /// grows with plain copies (a `String` checks and re-validates on every append).
    package func renderBytes(_ name: String, _ context: TemplateFields) -> ByteBuffer {
        var out = ByteBuffer()
        guard let template = program.numbers[name] else { return out }
        var stack: [TemplateValue] = []
        stack.reserveCapacity(8) // sections nest a few deep; growing it one by one reallocated
        stack.append(.object(context))
        TemplateRenderer(program: program).render(template: template, stack: &stack, into: &out)
        return out
    }

    /// The `errno` behind a failed read (Foundation wraps it as the underlying error); `EIO`
    /// when it carries none.
    private static func posixCode(of error: Error) -> Int32 {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(truncatingIfNeeded: ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(truncatingIfNeeded: underlying.code)
        }
        return EIO
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

    /// The parser's complaint, in words a designer can act on.
    private static func reason(_ reason: TemplateSyntaxError.Reason) -> String {
        switch reason {
        case .unfinishedTag: "标签没有用 }} 结束 (unfinished tag)"
        case .closeMismatch(let opened, let closed):
            "结束标签 {{/\(closed)}} 的名称与开始标签 {{#\(opened)}} 不一致 (section closed with the wrong name)"
        case .closeWithoutOpen(let name): "结束标签 {{/\(name)}} 前面没有对应的开始标签 (closing tag without an opening one)"
        case .sectionNeverClosed(let name): "缺少结束标签 {{/\(name)}} (section never closed)"
        case .badName(let name): "标签名称“\(name)”写法有误 (invalid name)"
        case .unknownFunction(let name):
            "没有名为 \(name)() 的函数，可用的有 \(TemplateFunction.allCases.map { "\($0.rawValue)()" }.joined(separator: "、")) (unknown function)"
        case .badDelimiters: "分隔符设置 {{=… …=}} 写法有误 (invalid set-delimiter tag)"
        case .tooDeep: "区块嵌套超过 \(TemplateParser.maxDepth) 层 (sections nested too deeply)"
        }
    }
}
