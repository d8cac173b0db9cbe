import Foundation

/// Why an export could not be made; `description` is the message a person reads (in Chinese).
package enum ExportError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// Slugs that name no article, each with the closest existing slug.
    case unknownArticles([UnknownSlug])
    /// No slug, `--column`, date range or `--all` was given.
    case noSelection
    /// The selection is valid but matches no article.
    case emptySelection(String)
    /// A column no article uses, with the closest existing column.
    case unknownColumn(String, suggestion: String?)
    case issueWithoutColumn
    /// Slugs and filters together are ambiguous.
    case conflictingSelection
    case invalidDate(String, reason: String)
    case invalidRange(from: String, to: String)
    /// The text holds a character the encoding cannot represent.
    case unencodable(encoding: String)
    case zip(String)

    package struct UnknownSlug: Equatable, Sendable {
        package var slug: String
        package var suggestion: String?
        package init(slug: String, suggestion: String?) {
            self.slug = slug
            self.suggestion = suggestion
        }
    }

    package var description: String {
        switch self {
        case .unknownArticles(let unknown):
            return unknown.map { u in
                "没有 slug 为“\(u.slug)”的文章" + (u.suggestion.map { "，您是不是要找“\($0)”？" } ?? "。")
            }.joined(separator: "\n")
        case .noSelection:
            return "请指定要导出的文章：文章 slug、--column 栏目 [--issue 期号]、--from 日期 --to 日期，或 --all。"
        case .emptySelection(let what):
            return "没有符合条件的文章（\(what)）。"
        case .unknownColumn(let column, let suggestion):
            return "没有文章属于栏目“\(column)”" + (suggestion.map { "，您是不是要找“\($0)”？" } ?? "。")
        case .issueWithoutColumn:
            return "--issue 需要与 --column 一起使用（期号属于某个栏目）。"
        case .conflictingSelection:
            return "文章 slug 不能与 --column、--from/--to 或 --all 同时使用。"
        case .invalidDate(let text, let reason):
            return "日期“\(text)”无效：\(reason)（格式为 2014-05-20）。"
        case .invalidRange(let from, let to):
            return "日期范围无效：--from \(from) 晚于 --to \(to)。"
        case .unencodable(let encoding):
            return "文本含有 \(encoding) 编码无法表示的字符。"
        case .zip(let reason):
            return "无法生成 ZIP 文件：\(reason)"
        }
    }

    package var errorDescription: String? { description }
}
