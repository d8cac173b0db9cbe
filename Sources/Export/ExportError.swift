import Content
import Diagnostics
import Foundation

/// Why an export could not be made, in both languages (``formatted(in:)``); `description` is
/// the Chinese message.
package enum ExportError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// Slugs that name no article, each with the closest existing slug.
    case unknownArticles([UnknownSlug])
    /// No slug, `--column`, date range or `--all` was given.
    case noSelection
    /// The selection is valid but matches no article.
    case emptySelection(ArticleSelection)
    /// A column no article uses, with the closest existing column.
    case unknownColumn(String, suggestion: String?)
    case issueWithoutColumn
    /// Slugs and filters together are ambiguous.
    case conflictingSelection
    /// A `--from`/`--to` day that is no date (nil) or a date that does not exist.
    case invalidDate(String, reason: DateProblem?)
    case invalidRange(from: String, to: String)
    /// The text holds a character the encoding cannot represent.
    case unencodable(encoding: String)
    /// The ZIP library's own complaint (English, as it gave it).
    case zip(String)

    /// A slug no article has, with the nearest one that exists.
    package struct UnknownSlug: Equatable, Sendable {
        /// The slug given.
        package var slug: String
        /// The nearest slug that exists, if one is near.
        package var suggestion: String?
        /// An unknown `slug`, with the suggestion to print.
        package init(slug: String, suggestion: String?) {
            self.slug = slug
            self.suggestion = suggestion
        }
    }

    /// The message in Chinese.
    package var description: String { message(in: .zh) }

    /// The message in Chinese, for Foundation.
    package var errorDescription: String? { description }

    /// The message alone, one line per unknown slug.
    package func message(in lang: MessageLanguage) -> String {
        let zh = lang == .zh
        switch self {
        case .unknownArticles(let unknown):
            return unknown.map { u in
                zh
                    ? "没有 slug 为“\(u.slug)”的文章" + (u.suggestion.map { "，您是不是要找“\($0)”？" } ?? "。")
                    : "no article has the slug `\(u.slug)`" + (u.suggestion.map { "; did you mean `\($0)`?" } ?? ".")
            }.joined(separator: "\n")
        case .noSelection:
            return zh
                ? "请指定要导出的文章：文章 slug、--column 栏目 [--issue 期号]、--from 日期 --to 日期，或 --all。"
                : "name the articles to export: article slugs, --column COLUMN [--issue N], --from DATE --to DATE, or --all."
        case .emptySelection(let selection):
            return zh ? "没有符合条件的文章（\(selection.summary(in: .zh))）。" : "no article matches (\(selection.summary(in: .en)))."
        case .unknownColumn(let column, let suggestion):
            return zh
                ? "没有文章属于栏目“\(column)”" + (suggestion.map { "，您是不是要找“\($0)”？" } ?? "。")
                : "no article is in the column `\(column)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? ".")
        case .issueWithoutColumn:
            return zh ? "--issue 需要与 --column 一起使用（期号属于某个栏目）。" : "--issue needs --column (an issue number belongs to a column)."
        case .conflictingSelection:
            return zh ? "文章 slug 不能与 --column、--from/--to 或 --all 同时使用。" : "article slugs cannot be combined with --column, --from/--to or --all."
        case .invalidDate(let text, let reason):
            return zh
                ? "日期“\(text)”无效：\(reason?.text(in: .zh) ?? "无法识别")（格式为 2014-05-20）。"
                : "the date `\(text)` is invalid: \(reason?.text(in: .en) ?? "not a date") (write it as 2014-05-20)."
        case .invalidRange(let from, let to):
            return zh ? "日期范围无效：--from \(from) 晚于 --to \(to)。" : "invalid date range: --from \(from) is after --to \(to)."
        case .unencodable(let encoding):
            return zh ? "文本含有 \(encoding) 编码无法表示的字符。" : "the text holds characters \(encoding) cannot represent."
        case .zip(let reason):
            return zh ? "无法生成 ZIP 文件：\(reason)" : "cannot make the ZIP file: \(reason)"
        }
    }
}

extension ExportError: ReportableError {
    /// `错误：what` as `export` has always printed it (no file to point at), or `error: what`.
    package func formatted(in lang: MessageLanguage) -> String {
        (lang == .zh ? "错误：" : "error: ") + message(in: lang)
    }
}
