/// A Markdown document as plain Swift values, converted once from libcmark's tree.
///
/// Everything downstream (summaries, search text, Word and plain-text export) reads this
/// tree, so no other module ever touches the C API or parses a document a second time.
package enum Block: Sendable, Equatable {
    case heading(level: Int, [Inline])
    case paragraph([Inline])
    /// `start` is the first number of an ordered list (1 for bullet lists).
    case list(ordered: Bool, start: Int, items: [[Block]])
    case quote([Block])
    case code(language: String, text: String)
    /// A raw HTML block; it is only in the HTML output when the site trusts its authors.
    case html(String)
    case thematicBreak
}

/// Inline content of a paragraph or heading.
package enum Inline: Sendable, Equatable {
    case text(String)
    case emphasis([Inline])
    case strong([Inline])
    case code(String)
    case link(url: String, title: String, [Inline])
    case image(url: String, title: String, alt: String)
    case softBreak
    case lineBreak
    case html(String)
}

extension Array where Element == Inline {
    /// The text a reader sees, without any markup; images contribute their alt text.
    package var plainText: String {
        var out = ""
        for inline in self { inline.appendPlainText(to: &out) }
        return out
    }
}

extension Inline {
    func appendPlainText(to out: inout String) {
        switch self {
        case .text(let s), .code(let s): out += s
        case .emphasis(let c), .strong(let c), .link(_, _, let c):
            for i in c { i.appendPlainText(to: &out) }
        case .image(_, _, let alt): out += alt
        // A soft break inside Chinese text is only a line wrap in the source; dropping it
        // keeps "妇女\n儿童" as one word, which is how browsers render CJK too.
        case .softBreak: break
        case .lineBreak: out += "\n"
        case .html: break
        }
    }
}
