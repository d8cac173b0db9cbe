/// `word/styles.xml`: body text in 宋体, headings in 黑体, with Latin fallbacks, zh-CN language.
///
/// Style ids are Word's built-in ids (`Heading1`, `Title`, `Quote`, …) so Word's navigation
/// pane, outline and table of contents recognize them; python-docx reports their names.
enum DocxStyles {
    static let bodyFont = Fonts(latin: "Times New Roman", eastAsia: "宋体")
    static let headingFont = Fonts(latin: "Arial", eastAsia: "黑体")
    static let quoteFont = Fonts(latin: "Times New Roman", eastAsia: "楷体")
    static let codeFont = Fonts(latin: "Courier New", eastAsia: "宋体")

    struct Fonts {
        var latin: String
        var eastAsia: String
        var xml: String {
            "<w:rFonts w:ascii=\"\(latin)\" w:eastAsia=\"\(eastAsia)\" w:hAnsi=\"\(latin)\" w:cs=\"\(latin)\"/>"
        }
    }

    /// Two characters of 12 pt body text, the usual first-line indent of Chinese prose.
    static let firstLineIndent = "<w:ind w:firstLine=\"480\" w:firstLineChars=\"200\"/>"

    /// The same for every document, so built once.
    static let xml = styles

    private static var styles: String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:docDefaults><w:rPrDefault><w:rPr>\(bodyFont.xml)<w:kern w:val="2"/><w:sz w:val="24"/><w:szCs w:val="24"/>\
        <w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>\
        <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="360" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr></w:pPrDefault>\
        </w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
        <w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>\
        <w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
        \(paragraph("BodyText", "Body Text", pPr: firstLineIndent))\
        \(paragraph("Title", "Title", next: "ArticleMeta", pPr: "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"240\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/>",
                    rPr: headingFont.xml + "<w:b/><w:bCs/><w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/>"))\
        \(paragraph("ArticleMeta", "Article Meta", next: "BodyText", pPr: "<w:spacing w:after=\"60\"/><w:jc w:val=\"center\"/>",
                    rPr: "<w:color w:val=\"404040\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/>"))\
        \(heading(1, size: 32))\(heading(2, size: 28))\(heading(3, size: 24))\
        \(paragraph("ListParagraph", "List Paragraph", pPr: "<w:spacing w:after=\"60\"/><w:ind w:left=\"720\"/>"))\
        \(paragraph("Quote", "Quote", next: "BodyText", pPr: "<w:ind w:left=\"720\" w:right=\"720\" w:firstLine=\"480\" w:firstLineChars=\"200\"/>",
                    rPr: quoteFont.xml + "<w:color w:val=\"404040\"/>"))\
        \(paragraph("CodeBlock", "Code Block", pPr: "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/>",
                    rPr: codeFont.xml + "<w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>"))\
        \(paragraph("Figure", "Figure", next: "Caption", pPr: "<w:keepNext/><w:spacing w:before=\"120\" w:after=\"60\"/><w:jc w:val=\"center\"/>"))\
        \(paragraph("Caption", "caption", next: "BodyText", pPr: "<w:jc w:val=\"center\"/>",
                    rPr: "<w:color w:val=\"595959\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>"))\
        \(paragraph("SectionBreak", "Section Break", next: "BodyText", pPr: "<w:spacing w:before=\"120\" w:after=\"120\"/><w:jc w:val=\"center\"/>"))\
        <w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/>\
        <w:unhideWhenUsed/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>\
        <w:style w:type="character" w:styleId="InlineCode"><w:name w:val="Inline Code"/><w:basedOn w:val="DefaultParagraphFont"/>\
        <w:rPr>\(codeFont.xml)<w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>\
        </w:styles>
        """
    }

    private static func heading(_ level: Int, size: Int) -> String {
        paragraph(
            "Heading\(level)", "heading \(level)", next: "BodyText",
            pPr:
                "<w:keepNext/><w:keepLines/><w:spacing w:before=\"\(360 - level * 60)\" w:after=\"120\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"\(level - 1)\"/>",
            rPr: headingFont.xml + "<w:b/><w:bCs/><w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>")
    }

    /// Children in the order the schema requires (name, basedOn, next, qFormat, pPr, rPr):
    /// Word reports a damaged file when they are out of order.
    private static func paragraph(_ id: String, _ name: String, next: String? = nil, pPr: String = "", rPr: String = "") -> String {
        var s = "<w:style w:type=\"paragraph\" w:styleId=\"\(id)\"><w:name w:val=\"\(name)\"/><w:basedOn w:val=\"Normal\"/>"
        if let next { s += "<w:next w:val=\"\(next)\"/>" }
        s += "<w:qFormat/>"
        if !pPr.isEmpty { s += "<w:pPr>\(pPr)</w:pPr>" }
        if !rPr.isEmpty { s += "<w:rPr>\(rPr)</w:rPr>" }
        return s + "</w:style>"
    }
}
