import Content
import Support

/// `word/numbering.xml`: real Word lists, one abstract definition for bullets and one for
/// numbers, nine levels each, and one `w:num` instance per Markdown list.
///
/// Each ordered list gets its own instance with a `startOverride`, so a list that starts at 3
/// shows 3 and a second list does not continue the first one's numbers.
struct DocxNumbering {
    struct Instance: Hashable, Sendable {
        var id: Int
        var ordered: Bool
        var level: Int
        var start: Int
    }

    private(set) var instances: [Instance] = []

    static let maxLevel = 8
    static let bulletAbstractID = 0
    static let decimalAbstractID = 1

    /// Registers a list and returns its `numId`.
    mutating func newList(ordered: Bool, level: Int, start: Int) -> Int {
        let id = instances.count + 1
        instances.append(Instance(id: id, ordered: ordered, level: min(level, Self.maxLevel), start: max(0, start)))
        return id
    }

    var isEmpty: Bool { instances.isEmpty }

    /// Left indent of a list level, in twentieths of a point.
    static func indent(level: Int) -> Int { 720 + 480 * min(level, maxLevel) }
    static let hanging = 360

    var xml: String {
        var s = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
            """
        // The schema wants every abstractNum before the first num.
        s += abstract(id: Self.bulletAbstractID, nsid: "5C3A1B01") { level in
            let symbols = ["•", "◦", "▪"]
            return (
                format: "bullet", text: symbols[level % symbols.count],
                rPr: "<w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:hint=\"default\"/>"
            )
        }
        s += abstract(id: Self.decimalAbstractID, nsid: "5C3A1B02") { level in
            (format: "decimal", text: "%\(level + 1).", rPr: "")
        }
        for instance in instances {
            let abstractID = instance.ordered ? Self.decimalAbstractID : Self.bulletAbstractID
            s += "<w:num w:numId=\"\(instance.id)\"><w:abstractNumId w:val=\"\(abstractID)\"/>"
            if instance.ordered {
                s += "<w:lvlOverride w:ilvl=\"\(instance.level)\"><w:startOverride w:val=\"\(instance.start)\"/></w:lvlOverride>"
            }
            s += "</w:num>"
        }
        return s + "</w:numbering>"
    }

    private func abstract(id: Int, nsid: String, level: (Int) -> (format: String, text: String, rPr: String)) -> String {
        var s = "<w:abstractNum w:abstractNumId=\"\(id)\"><w:nsid w:val=\"\(nsid)\"/><w:multiLevelType w:val=\"hybridMultilevel\"/>"
        for l in 0...Self.maxLevel {
            let def = level(l)
            s += "<w:lvl w:ilvl=\"\(l)\"><w:start w:val=\"1\"/><w:numFmt w:val=\"\(def.format)\"/>"
            s += "<w:lvlText w:val=\"\(Escape.xml(def.text))\"/><w:lvlJc w:val=\"left\"/>"
            s += "<w:pPr><w:ind w:left=\"\(Self.indent(level: l))\" w:hanging=\"\(Self.hanging)\"/></w:pPr>"
            if !def.rPr.isEmpty { s += "<w:rPr>\(def.rPr)</w:rPr>" }
            s += "</w:lvl>"
        }
        return s + "</w:abstractNum>"
    }
}
