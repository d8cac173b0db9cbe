import Content
import Support

extension Statistics {
    /// Theme slugs for `/statistics/<theme>/`, in menu order.
    package static var themes: [String] { ["organizations", "projects", "events", "articles"] }

    /// `数据统计` for the overview, `社会组织统计` etc. for a theme.
    package static func title(theme: String?) -> String {
        switch theme {
        case nil: "数据统计"
        case "organizations": "社会组织统计"
        case "projects": "公益项目统计"
        case "events": "活动统计"
        case "articles": "文章统计"
        case let other?: other
        }
    }

    /// One sentence about a theme, from its figures.
    func themeSummary(_ theme: String) -> String {
        themeSummary(theme, text: { $0 }, figure: { $0 })
    }

    /// ``themeSummary(_:)`` as HTML: each figure with its unit in a `<span class="nb">`, so a
    /// narrow screen never breaks `332.71万元` between 万 and 元.
    package func themeSummaryHTML(_ theme: String) -> String {
        themeSummary(theme, text: Escape.xml, figure: { "<span class=\"nb\">\(Escape.xml($0))</span>" })
    }

    private func themeSummary(_ theme: String, text t: (String) -> String, figure f: (String) -> String) -> String {
        switch theme {
        case "organizations":
            let total = organizationsByKind.reduce(0) { $0 + $1.entries.count }
            return t("本平台收录社会组织") + f("\(total)家") + t("，其中\(federation)业务主管的登记注册组织") + f("\(federationRegistered.count)家") + t("。")
        case "projects":
            let count = programs.reduce(0) { $0 + $1.count }
            let funding = programs.map(\.funding).sum()
            return t("本平台组织承接公益项目") + f("\(count)个") + t("，资助金额合计") + f(funding.wanYuan) + t("。")
        case "events":
            let n = table(theme, "by-kind")?.totals?.cells[1].display ?? "0"
            return t("本平台记录活动") + f("\(n)场") + t("。")
        case "articles":
            let n = table(theme, "by-column")?.totals?.cells[1].display ?? "0"
            return t("本平台发表文章") + f("\(n)篇") + t("（不含草稿）。")
        default:
            return ""
        }
    }
}
