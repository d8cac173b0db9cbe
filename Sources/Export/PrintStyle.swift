/// The stylesheet inlined into every print HTML file: A4 pages and Chinese typography.
enum PrintStyle {
    static let css = """
        @page { size: A4; margin: 25mm 28mm; }
        html { font-family: "Songti SC", "STSong", "SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC", serif;
          font-size: 12pt; line-height: 1.8; color: #000; background: #fff; }
        body { margin: 0 auto; max-width: 160mm; padding: 0; }
        h1, h2, h3, h4 { font-family: "Heiti SC", "STHeiti", "SimHei", "黑体", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
          line-height: 1.4; break-after: avoid; page-break-after: avoid; }
        h1 { font-size: 20pt; text-align: center; margin: 0 0 .4em; }
        h2 { font-size: 15pt; margin: 1.2em 0 .4em; }
        h3, h4 { font-size: 13pt; margin: 1em 0 .3em; }
        .meta { text-align: center; text-indent: 0; color: #444; font-size: 10.5pt; margin-bottom: 1.5em; }
        p { margin: 0 0 .5em; text-indent: 2em; text-align: justify; orphans: 2; widows: 2; }
        li > p, figure p, .meta, .break { text-indent: 0; }
        ul, ol { margin: 0 0 .5em 2em; padding: 0; }
        blockquote { margin: .8em 2em; font-family: "Kaiti SC", "STKaiti", "KaiTi", "楷体", "Noto Serif CJK SC", serif; color: #333; }
        figure { margin: 1em 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }
        figure img { max-width: 100%; max-height: 180mm; }
        figcaption { font-size: 10pt; color: #555; }
        img { max-width: 100%; }
        code, pre { font-family: "Courier New", "Noto Sans Mono CJK SC", monospace; font-size: 10pt; }
        pre { white-space: pre-wrap; background: #f2f2f2; padding: .5em .8em; line-height: 1.5; break-inside: avoid; }
        a { color: inherit; text-decoration: none; }
        a.url::after { content: "（" attr(href) "）"; font-size: 9pt; color: #555; word-break: break-all; }
        .break { text-align: center; margin: 1em 0; }
        footer { margin-top: 2em; border-top: 1px solid #999; font-size: 9pt; color: #555; }
        footer p { text-indent: 0; }
        """
}
