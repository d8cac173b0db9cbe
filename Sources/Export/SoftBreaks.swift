import Markdown

/// Decides what a soft line break (a line wrap in the Markdown source) becomes.
///
/// Between two Chinese characters it is nothing ("妇女\n儿童" is one word); between two Latin
/// letters it is a space ("open\nsource"). Every writer asks here (print HTML resolves a
/// paragraph's inlines first, the Word and text writers each break of a ``FlatTree``), so the
/// rule lives in one place.
enum SoftBreaks {
    /// The same inlines with every `.softBreak` replaced by a space or removed.
    static func resolve(_ inlines: [Inline]) -> [Inline] {
        guard inlines.contains(where: containsSoftBreak) else { return inlines }
        var leaves: [Leaf] = []
        collect(inlines, into: &leaves)
        var decisions: [Bool] = []
        for (i, leaf) in leaves.enumerated() where leaf.isSoftBreak {
            let before = leaves[..<i].last { !$0.isSoftBreak }?.last
            let after = leaves[(i + 1)...].first { !$0.isSoftBreak }?.first
            decisions.append(isSpace(between: before, and: after))
        }
        var next = 0
        return rebuild(inlines, decisions: decisions, next: &next)
    }

    /// True when neither neighbour is a wide (CJK or full-width) character.
    static func isSpace(between before: Character?, and after: Character?) -> Bool {
        guard let before, let after else { return false }
        return !isWide(before) && !isWide(after) && !before.isWhitespace && !after.isWhitespace
    }

    /// CJK ideographs, kana, hangul and full-width punctuation: scripts written without spaces.
    static func isWide(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        switch v {
        case 0x1100...0x11FF, 0x2E80...0x9FFF, 0xA960...0xA97F, 0xAC00...0xD7FF, 0xF900...0xFAFF,
            0xFE10...0xFE1F, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x3FFFF:
            return true
        case 0x2018, 0x2019, 0x201C, 0x201D, 0x2014, 0x2026:
            // Quotes, dash and ellipsis are full-width in Chinese text.
            return true
        default:
            return false
        }
    }

    private struct Leaf {
        var first: Character?
        var last: Character?
        var isSoftBreak = false
    }

    private static func containsSoftBreak(_ inline: Inline) -> Bool {
        switch inline {
        case .softBreak: return true
        case .emphasis(let c), .strong(let c), .link(_, _, let c): return c.contains(where: containsSoftBreak)
        default: return false
        }
    }

    private static func collect(_ inlines: [Inline], into leaves: inout [Leaf]) {
        for inline in inlines {
            switch inline {
            case .text(let s), .code(let s):
                if !s.isEmpty { leaves.append(Leaf(first: s.first, last: s.last)) }
            case .image(_, _, let alt):
                leaves.append(Leaf(first: alt.first ?? "图", last: alt.last ?? "图"))
            case .emphasis(let c), .strong(let c), .link(_, _, let c):
                collect(c, into: &leaves)
            case .softBreak:
                leaves.append(Leaf(isSoftBreak: true))
            case .lineBreak:
                leaves.append(Leaf(first: " ", last: " "))
            case .html:
                break
            }
        }
    }

    private static func rebuild(_ inlines: [Inline], decisions: [Bool], next: inout Int) -> [Inline] {
        var out: [Inline] = []
        for inline in inlines {
            switch inline {
            case .softBreak:
                if decisions[next] { out.append(.text(" ")) }
                next += 1
            case .emphasis(let c): out.append(.emphasis(rebuild(c, decisions: decisions, next: &next)))
            case .strong(let c): out.append(.strong(rebuild(c, decisions: decisions, next: &next)))
            case .link(let url, let title, let c):
                out.append(.link(url: url, title: title, rebuild(c, decisions: decisions, next: &next)))
            default: out.append(inline)
            }
        }
        return out
    }
}

extension SoftBreaks {
    /// Whether the soft break at `node` of `tree` becomes a space: ``resolve(_:)``'s decision,
    /// from the nearest text before and after it inside the paragraph or heading `paragraph`.
    /// Those are read as strings, so that their first and last characters are the same
    /// `Character`s as there; soft breaks are rare enough for that.
    static func isSpace(_ tree: FlatTree, at node: Int, in paragraph: Int) -> Bool {
        let before = stride(from: node - 1, to: paragraph, by: -1).lazy.compactMap { edge(tree, $0) }.first
        let after = (node + 1..<tree[paragraph].end).lazy.compactMap { edge(tree, $0) }.first
        return isSpace(between: before?.last, and: after?.first)
    }

    /// The first and last characters of a leaf as ``resolve(_:)`` sees them; `nil` for what it
    /// looks past (other soft breaks, raw HTML, empty text, containers).
    private static func edge(_ tree: FlatTree, _ node: Int) -> (first: Character?, last: Character?)? {
        switch tree[node].kind {
        case .text, .code:
            let s = tree.text(of: node)
            return s.isEmpty ? nil : (s.first, s.last)
        case .image:
            let alt = tree.text(of: node)
            return (alt.first ?? "图", alt.last ?? "图")
        case .lineBreak: return (" ", " ")
        default: return nil
        }
    }
}
