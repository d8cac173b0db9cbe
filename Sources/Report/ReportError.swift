import Content
import Diagnostics

/// Why a report file could not be made, located at the file or program concerned, in both
/// languages, in the shape of every other message (`path: 错误: …` then `修改方法：…`).
package struct ReportError: ReportableError, Equatable, CustomStringConvertible {
    /// Why the report could not be made.
    package enum Reason: Equatable, Sendable {
        /// No Chromium to print the PDF with; `tried` are the names looked for on PATH.
        case chromiumMissing(tried: [String])
        /// Chromium ran but left no PDF; its exit status and the last line it printed.
        case chromiumFailed(status: Int32, detail: String)
        /// The year is outside what the content could hold.
        case yearOutOfRange(Int)
    }

    /// The file or program the message is about (the PDF to be written, the Chromium binary).
    package var path: String
    /// Why.
    package var reason: Reason

    /// The error for `reason`, about the file or program at `path`.
    package init(_ path: String, _ reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// The message in Chinese.
    package var description: String { formatted(in: .zh) }

    /// The whole message in `lang`: `path: 错误: …` and how to fix it.
    package func formatted(in lang: MessageLanguage) -> String {
        let (message, hint) = text(in: lang)
        return "\(path): \(lang == .zh ? "错误" : "error"): \(message)\n    " + (lang == .zh ? "修改方法：" : "how to fix: ") + hint
    }

    /// The message and how to fix it, in `lang`.
    package func text(in lang: MessageLanguage) -> (message: String, hint: String) {
        let zh = lang == .zh
        switch reason {
        case .chromiumMissing(let tried):
            let names = tried.joined(separator: zh ? "、" : ", ")
            return zh
                ? (
                    "无法生成 PDF：找不到 Chromium（已在 PATH 中查找 \(names)）",
                    "安装 Chromium 和中文字体（Debian/Ubuntu：apt-get install -y chromium fonts-noto-cjk），或用环境变量 SHOWCASE_CHROMIUM 指定它的位置；也可以改用 --format html，在浏览器中打印为 PDF"
                )
                : (
                    "cannot make the PDF: Chromium was not found (looked for \(names) on PATH)",
                    "install Chromium and CJK fonts (Debian/Ubuntu: apt-get install -y chromium fonts-noto-cjk), or set SHOWCASE_CHROMIUM to its path; or use --format html and print it from a browser"
                )
        case .chromiumFailed(let status, let detail):
            return zh
                ? ("Chromium 没有生成 PDF（退出状态 \(status)）：\(detail)", "确认 Chromium 能正常运行（chromium --headless --version），或改用 --format html 在浏览器中打印")
                : (
                    "Chromium made no PDF (exit status \(status)): \(detail)",
                    "check that Chromium runs (chromium --headless --version), or use --format html and print it from a browser"
                )
        case .yearOutOfRange(let year):
            return zh
                ? ("年份 \(year) 不合理（应在 1990–2100 之间）", "写成 --year 2014 这样的四位年份")
                : ("the year \(year) is out of range (1990–2100)", "pass a four-digit year such as --year 2014")
        }
    }
}
