import Content

/// Header facts every format prints the same way.
enum ArticleMeta {
    /// `妇儿之窗　第26期`, `妇儿之窗`, or nil without a column.
    static func columnLine(_ article: Article) -> String? {
        guard let column = article.column, !column.isEmpty else { return nil }
        guard let issue = article.issue else { return column }
        return "\(column)　第\(issue)期"
    }

    /// What a thematic break (`---`) becomes in print.
    static let sectionBreak = "＊　＊　＊"
}
