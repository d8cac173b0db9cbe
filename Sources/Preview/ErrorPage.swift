import Content
import Destination
import Diagnostics
import Support

/// The page the browser shows instead of a stale site while the content has errors: each
/// problem as `check` prints it (file, line, column, the source line with a caret, the fix),
/// in the language asked for. The preview adds the reload script, so fixing the file clears it.
enum ErrorPage {
    static func html(_ diagnostics: [Diagnostic], lang: MessageLanguage) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let title = lang == .zh ? "内容有 \(errors) 个错误，网站没有更新" : "The content has \(errors) error(s); the site was not updated"
        let note = lang == .zh ? "改正下面的问题并保存文件，这个页面会自动刷新。" : "Fix the problems below and save: this page reloads by itself."
        let items = diagnostics.sorted().map { "<pre>\(Escape.xml($0.formatted(in: lang)))</pre>" }.joined(separator: "\n")
        return page(title: title, note: note, body: items, lang: lang)
    }

    static func html(_ error: FolderError, lang: MessageLanguage) -> String {
        let title = lang == .zh ? "无法写入输出文件夹" : "The output folder cannot be written"
        let note = lang == .zh ? "解决下面的问题后保存任意文件，这个页面会自动刷新。" : "Fix this, then save any file: this page reloads by itself."
        return page(title: title, note: note, body: "<pre>\(Escape.xml(error.formatted(in: lang)))</pre>", lang: lang)
    }

    private static func page(title: String, note: String, body: String, lang: MessageLanguage) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(lang == .zh ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Escape.xml(title))</title>
        <style>
        body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 1.5rem; color: #1a1a1a; background: #fff8f6; }
        h1 { font-size: 1.4rem; color: #a4262c; }
        pre { background: #fff; border-left: 4px solid #a4262c; padding: .75rem 1rem; overflow-x: auto;
              white-space: pre-wrap; font-family: "Noto Sans Mono CJK SC", monospace; line-height: 1.5; }
        </style>
        </head>
        <body>
        <main>
        <h1>\(Escape.xml(title))</h1>
        <p>\(Escape.xml(note))</p>
        \(body)
        </main>
        </body>
        </html>

        """
    }
}
