import Diagnostics

/// The phases ``SiteBuilder`` times, as the summary (`--verbose` prints each on its own line)
/// and the progress line name them: in Chinese by default and in English under `--lang en`.
/// The Chinese names are also what `Benchmarks/run.py` and `editions.py` read from the summary.
package enum BuildPhase: Sendable, CaseIterable {
    case load, loadWithDownloads, templates, plan, cards, pages
    case traditionalContent, searchIndex, traditionalPages, downloads, commit

    /// The phase's name in `lang`.
    package func name(in lang: MessageLanguage) -> String {
        let (zh, en) = names
        return lang == .zh ? zh : en
    }

    private var names: (zh: String, en: String) {
        switch self {
        case .load: ("读取内容", "reading the content")
        case .loadWithDownloads: ("读取内容并生成文章下载", "reading the content and making the downloads")
        case .templates: ("编译模板", "compiling the templates")
        case .plan: ("建立索引、统计与规划页面", "index, statistics and page plan")
        case .cards: ("渲染卡片", "rendering the cards")
        case .pages: ("渲染并写入页面、订阅与静态文件，检查链接", "pages, feeds and static files, link check")
        case .traditionalContent: ("繁体版：转换内容", "Traditional edition: converting the content")
        case .searchIndex: ("建立搜索索引", "search index")
        case .traditionalPages: ("繁体版：页面、订阅与搜索索引", "Traditional edition: pages, feeds and search index")
        case .downloads: ("文章下载", "article downloads")
        case .commit: ("替换输出文件夹", "replacing the output folder")
        }
    }
}
